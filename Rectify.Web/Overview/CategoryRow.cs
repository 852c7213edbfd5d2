namespace Rectify.Web.Overview;

public sealed record CategoryRow(string Category, int Total, int Closed)
{
    public decimal? ClosingRate => OverviewFigures.Rate(Closed, Total);
}
