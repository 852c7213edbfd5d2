namespace Rectify.Web.Overview;

/// <summary>
/// Where each number of the overview leads: the item list (/items?…) with the filter that selects exactly the items counted.
/// The item list shows a query-string filter as given (and only then ignores the filter the user last used).
/// </summary>
public static class OverviewLinks
{
    public static string Items(ItemFilter filter)
    {
        var query = ItemFilterQuery.ToQueryString(filter);

        // An empty filter still needs a query string, or the list restores the user's remembered filter instead.
        return "items" + (query.Length > 1 ? query : "?all=1");
    }

    public static string All() => Items(new ItemFilter());

    public static string Status(ItemStatus status) => Items(new ItemFilter { Status = status });

    public static string Overdue() => Items(new ItemFilter { Due = DueFilter.Overdue });

    public static string DueSoon() => Items(new ItemFilter { Due = DueFilter.DueSoon });

    public static string Unfinished() => Items(new ItemFilter { Due = DueFilter.Unfinished });

    public static ItemFilter Branch(BranchRow branch) =>
        new() { OrganizationId = branch.OrganizationId, OrganizationOnly = branch.HasChildren };

    public static string BranchAll(BranchRow branch) => Items(Branch(branch));

    public static string BranchClosed(BranchRow branch) => Items(Branch(branch) with { Status = ItemStatus.Closed });

    public static string BranchOverdue(BranchRow branch) => Items(Branch(branch) with { Due = DueFilter.Overdue });

    public static string BranchDueSoon(BranchRow branch) => Items(Branch(branch) with { Due = DueFilter.DueSoon });

    public static string BranchUnfinished(BranchRow branch) => Items(Branch(branch) with { Due = DueFilter.Unfinished });

    /// <summary>The items behind a branch's light: its overdue items (红), its items due soon (黄), its unfinished items (绿).</summary>
    public static string BranchLight(BranchRow branch) => branch.Light switch
    {
        TrafficLight.Red => BranchOverdue(branch),
        TrafficLight.Yellow => BranchDueSoon(branch),
        _ => BranchUnfinished(branch),
    };

    public static string Source(ProblemSource source, bool closedOnly = false) =>
        Items(new ItemFilter { Source = source, Status = closedOnly ? ItemStatus.Closed : null });

    public static string Category(string category, bool closedOnly = false) =>
        Items(new ItemFilter { Category = category, Status = closedOnly ? ItemStatus.Closed : null });

    public static string WeekNew(WeekRow week) => Items(new ItemFilter { CreatedFrom = week.Start, CreatedTo = week.End });

    public static string WeekClosed(WeekRow week) => Items(new ItemFilter { ClosedFrom = week.Start, ClosedTo = week.End });
}
