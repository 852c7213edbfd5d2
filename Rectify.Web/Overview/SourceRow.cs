namespace Rectify.Web.Overview;

public sealed record SourceRow(ProblemSource Source, int Total, int Closed)
{
    public decimal? ClosingRate => OverviewFigures.Rate(Closed, Total);
}
