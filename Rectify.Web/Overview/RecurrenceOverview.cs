namespace Rectify.Web.Overview;

/// <summary>
/// The overview's 反复出现的问题: recurrences per organisation over a period (<see cref="From"/>..<see cref="To"/>, either open),
/// most first. Every count links to exactly the items it counts.
/// </summary>
public sealed record RecurrenceOverview(RecurrencePeriod Period, DateOnly? From, DateOnly? To, IReadOnlyList<RecurrenceBranchRow> Branches)
{
    public int Total => Branches.Sum(b => b.Count);

    public ItemFilter Filter() => new() { Recurrence = true, CreatedFrom = From, CreatedTo = To };

    public string AllLink() => OverviewLinks.Items(Filter());

    public string BranchLink(RecurrenceBranchRow branch) =>
        OverviewLinks.Items(Filter() with { OrganizationId = branch.OrganizationId, OrganizationOnly = branch.HasChildren });
}
