namespace Rectify.Web.Overview;

/// <summary>Everything the leaders' overview shows, all within the user's read scope.</summary>
public sealed record OverviewFigures(
    DateOnly Today,
    int WarnDays,
    int Total,
    IReadOnlyDictionary<ItemStatus, int> ByStatus,
    int Overdue,
    int DueSoon,
    IReadOnlyList<BranchRow> Branches,
    IReadOnlyList<SourceRow> Sources,
    IReadOnlyList<CategoryRow> Categories,
    IReadOnlyList<WeekRow> Weeks)
{
    public int Closed => ByStatus[ItemStatus.Closed];

    /// <summary>Not yet signed off or closed.</summary>
    public int Unfinished => ByStatus[ItemStatus.Open] + ByStatus[ItemStatus.InProgress] + ByStatus[ItemStatus.AwaitingSignOff];

    /// <summary>销号率: 已销号 / all items, in percent with one decimal (已审核 items wait only for the scheduler and are not counted yet).</summary>
    public decimal? ClosingRate => Rate(Closed, Total);

    public static decimal? Rate(int closed, int total) =>
        total == 0 ? null : Math.Round(100m * closed / total, 1, MidpointRounding.AwayFromZero);
}
