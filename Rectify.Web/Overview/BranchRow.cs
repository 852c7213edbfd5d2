namespace Rectify.Web.Overview;

/// <summary>One organisation's row of the overview: its own items (not its descendants'), its light and its place in the ranking.</summary>
public sealed record BranchRow(
    int OrganizationId,
    string Name,
    bool HasChildren,
    int Total,
    int Closed,
    int Overdue,
    int DueSoon,
    TrafficLight Light,
    int Rank)
{
    /// <summary>销号率 in percent, or null for an organisation without items.</summary>
    public decimal? ClosingRate => OverviewFigures.Rate(Closed, Total);

    public int Unfinished { get; init; }
}
