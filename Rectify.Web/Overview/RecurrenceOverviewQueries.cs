namespace Rectify.Web.Overview;

/// <summary>
/// 反复出现的问题 for the leaders' overview: one GROUP BY over the items the user may read that are marked as a recurrence and
/// were created in the period (<see cref="ItemFilter.Recurrence"/>, the same query the item list runs), so each count equals the
/// length of the list it links to. Kept apart from <see cref="OverviewQueries"/> so the overview's main figures do not wait for
/// it; marked items are few, and the RecurrenceOfItemId index finds them.
/// </summary>
public sealed class RecurrenceOverviewQueries(
    IDbContextFactory<RectifyDbContext> dbFactory,
    ItemQueries items,
    OrganizationDirectory organizations,
    LedgerClock clock)
{
    public async Task<RecurrenceOverview> GetAsync(AccessContext access, RecurrencePeriod period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        var (from, to) = Range(period, clock.Today);
        var snapshot = await organizations.GetAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scoped = await items.FilteredAsync(db, access, new ItemFilter { Recurrence = true, CreatedFrom = from, CreatedTo = to }, cancellationToken);
        var counts = await scoped
            .GroupBy(i => i.ResponsibleOrganizationId)
            .Select(g => new { OrganizationId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var rows = counts
            .Select(c => new RecurrenceBranchRow(c.OrganizationId, snapshot.Names.GetValueOrDefault(c.OrganizationId, ""),
                snapshot.Tree.ChildrenOf(c.OrganizationId).Count > 0, c.Count))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return new RecurrenceOverview(period, from, to, rows);
    }

    /// <summary>The first and last day of the period (both included); null where it is open.</summary>
    public static (DateOnly? From, DateOnly? To) Range(RecurrencePeriod period, DateOnly today) => period switch
    {
        RecurrencePeriod.ThisYear => (new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31)),
        RecurrencePeriod.LastYear => (new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31)),
        RecurrencePeriod.Last12Months => (today.AddYears(-1).AddDays(1), today),
        _ => (null, null),
    };
}
