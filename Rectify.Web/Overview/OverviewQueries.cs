using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Web.Data;
using Rectify.Web.Ledger;

namespace Rectify.Web.Overview;

/// <summary>
/// The leaders' overview (领导驾驶舱): counts computed by the database with GROUP BY over the same scoped query the item
/// list uses (<see cref="ItemQueries.FilteredAsync"/>), so every number equals the length of the list it links to: (organisation,
/// status) with overdue/due-soon counts; (problem list, status) for the sources; all and closed items per category; items created
/// per week; items closed per week.
/// </summary>
public sealed class OverviewQueries(
    IDbContextFactory<RectifyDbContext> dbFactory,
    ItemQueries items,
    ActorAccessor actors,
    OrganizationDirectory organizations,
    LedgerClock clock)
{
    /// <summary>How many weeks the trend shows, the current one included.</summary>
    public const int TrendWeeks = 12;

    public async Task<OverviewFigures> GetAsync(CancellationToken cancellationToken = default) =>
        await GetAsync(await actors.GetAsync(cancellationToken), cancellationToken);

    public async Task<OverviewFigures> GetAsync(AccessContext access, CancellationToken cancellationToken = default)
    {
        var today = clock.Today;
        var soon = today.AddDays(clock.WarnDays);
        var snapshot = await organizations.GetAsync(cancellationToken);
        var scope = ItemAccess.ReadScope(access.Actor, access.Organizations);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scoped = await items.FilteredAsync(db, access, new ItemFilter(), cancellationToken);

        // 1. Per organisation and status; overdue/due-soon are counted for every status and kept only for unfinished ones.
        var byOrgStatus = await scoped
            .GroupBy(i => new { i.ResponsibleOrganizationId, i.Status })
            .Select(g => new
            {
                g.Key.ResponsibleOrganizationId,
                g.Key.Status,
                Count = g.Count(),
                Overdue = g.Count(i => i.DueDate < today),
                DueSoon = g.Count(i => i.DueDate >= today && i.DueDate <= soon),
            })
            .ToListAsync(cancellationToken);

        // 2. Per source and per category, as two grouped queries: one grouping over (problem list, status) reads the
        //    (ProblemListId, Status) index and the list's source is looked up in memory. A single GROUP BY over source,
        //    category and status read every item row and sorted them all (186 ms at 100k items; docs/performance.md).
        //    Categories: WholeLedgerCategoriesAsync or ScopedCategoriesAsync.
        var byListStatus = await scoped
            .GroupBy(i => new { i.ProblemListId, i.Status })
            .Select(g => new { g.Key.ProblemListId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var listIds = byListStatus.Select(r => r.ProblemListId).Distinct().ToList();
        var sourceOfList = await db.ProblemLists
            .Where(l => listIds.Contains(l.Id))
            .Select(l => new { l.Id, l.Source })
            .ToDictionaryAsync(l => l.Id, l => l.Source, cancellationToken);
        var categoryCounts = scope.All
            ? await WholeLedgerCategoriesAsync(scoped, cancellationToken)
            : await ScopedCategoriesAsync(scoped, cancellationToken);

        // 3. and 4. The weekly trend: each row falls into one week bucket, computed in SQL by a CASE over the week starts.
        var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weekStarts = Enumerable.Range(0, TrendWeeks + 1).Select(k => thisWeek.AddDays(7 * (k - TrendWeeks + 1))).ToArray();
        var first = weekStarts[0];
        var end = weekStarts[^1];
        var newPerWeek = await scoped
            .Where(i => i.CreatedOn >= first && i.CreatedOn < end)
            .GroupBy(Bucket<DateOnly>(i => i.CreatedOn, weekStarts))
            .Select(g => new { Week = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Week, x => x.Count, cancellationToken);
        var closedStarts = weekStarts.Select(d => (DateTimeOffset?)clock.StartOfDay(d)).ToArray();
        var closedFrom = closedStarts[0];
        var closedEnd = closedStarts[^1];
        var closedPerWeek = await scoped
            // ClosedAt is set only by closing and cleared by reopening, so it alone says "closed": without a Status term the
            // range is an index-only scan of ClosedAt (with it, SQLite chose the Status index and read 25,000 rows at 100k).
            .Where(i => i.ClosedAt >= closedFrom && i.ClosedAt < closedEnd)
            .GroupBy(Bucket(i => i.ClosedAt, closedStarts))
            .Select(g => new { Week = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Week, x => x.Count, cancellationToken);

        var byStatus = Enum.GetValues<ItemStatus>().ToDictionary(s => s, s => byOrgStatus.Where(r => r.Status == s).Sum(r => r.Count));
        var unfinishedRows = byOrgStatus.Where(r => IsUnfinished(r.Status)).ToList();

        var branches = BranchesInView(scope, snapshot, byOrgStatus.Select(r => r.ResponsibleOrganizationId))
            .Select(org =>
            {
                var rows = byOrgStatus.Where(r => r.ResponsibleOrganizationId == org.Id).ToList();
                var overdue = rows.Where(r => IsUnfinished(r.Status)).Sum(r => r.Overdue);
                var dueSoon = rows.Where(r => IsUnfinished(r.Status)).Sum(r => r.DueSoon);
                return new BranchRow(org.Id, org.Name, snapshot.Tree.ChildrenOf(org.Id).Count > 0,
                    rows.Sum(r => r.Count), rows.Where(r => r.Status == ItemStatus.Closed).Sum(r => r.Count),
                    overdue, dueSoon, LightOf(overdue, dueSoon), 0)
                {
                    Unfinished = rows.Where(r => IsUnfinished(r.Status)).Sum(r => r.Count),
                };
            })
            .ToList();
        var ranked = Rank(branches);

        var sources = byListStatus
            .GroupBy(r => sourceOfList[r.ProblemListId])
            .Select(g => new SourceRow(g.Key, g.Sum(r => r.Count), g.Where(r => r.Status == ItemStatus.Closed).Sum(r => r.Count)))
            .OrderByDescending(r => r.Total).ThenBy(r => r.Source)
            .ToList();
        var categories = categoryCounts
            .OrderByDescending(r => r.Total).ThenBy(r => SuggestedOrder(r.Category)).ThenBy(r => r.Category, StringComparer.Ordinal)
            .ToList();
        var weeks = Enumerable.Range(0, TrendWeeks)
            .Select(k => new WeekRow(weekStarts[k], weekStarts[k + 1].AddDays(-1), newPerWeek.GetValueOrDefault(k), closedPerWeek.GetValueOrDefault(k)))
            .ToList();

        return new OverviewFigures(today, clock.WarnDays, byStatus.Values.Sum(), byStatus,
            unfinishedRows.Sum(r => r.Overdue), unfinishedRows.Sum(r => r.DueSoon), ranked, sources, categories, weeks);
    }

    /// <summary>
    /// 红 when the organisation has an overdue item, 黄 when one falls due within the warning days, else 绿: the worst of its
    /// items' own lights (<see cref="RectificationItem.Light"/>), so the branch light and the item list always agree.
    /// </summary>
    public static TrafficLight LightOf(int overdue, int dueSoon) =>
        overdue > 0 ? TrafficLight.Red : dueSoon > 0 ? TrafficLight.Yellow : TrafficLight.Green;

    /// <summary>
    /// The 通报 ranking: highest 销号率 first; equal rates rank equal (1, 2, 2, 4) and are listed with fewer overdue items first,
    /// then by name. Organisations without items come last, unranked (rank 0).
    /// </summary>
    public static IReadOnlyList<BranchRow> Rank(IEnumerable<BranchRow> branches)
    {
        var ordered = branches
            .OrderBy(b => b.Total == 0)
            .ThenByDescending(b => b.ClosingRate ?? -1)
            .ThenBy(b => b.Overdue)
            .ThenBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var result = new List<BranchRow>(ordered.Count);
        for (var k = 0; k < ordered.Count; k++)
        {
            var b = ordered[k];
            var rank = b.Total == 0 ? 0
                : k > 0 && result[k - 1].Total > 0 && result[k - 1].ClosingRate == b.ClosingRate ? result[k - 1].Rank
                : k + 1;
            result.Add(b with { Rank = rank });
        }

        return result;
    }

    /// <summary>
    /// All and closed items per category over the whole ledger, as two counts each read from an index alone: the Category
    /// index, and the range Status = 已销号 of the (Status, Category, …) index. One GROUP BY (category, status) made PostgreSQL
    /// hash every table row (57–127 ms at 100k items; these two take 9 ms; docs/performance.md). Within a leader's scope the
    /// split would not help: both halves would read the scoped rows from the table again (SQLite: 60 → 138 ms).
    /// </summary>
    private static async Task<List<CategoryRow>> WholeLedgerCategoriesAsync(IQueryable<RectificationItem> all, CancellationToken cancellationToken)
    {
        var total = await all
            .GroupBy(i => i.Category)
            .Select(g => new { Category = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var closed = await all
            .Where(i => i.Status == ItemStatus.Closed)
            .GroupBy(i => i.Category)
            .Select(g => new { Category = g.Key, Count = g.Count() })
            .ToDictionaryAsync(r => r.Category, r => r.Count, cancellationToken);
        return total.Select(r => new CategoryRow(r.Category, r.Count, closed.GetValueOrDefault(r.Category))).ToList();
    }

    /// <summary>All and closed items per category within a leader's scope: one GROUP BY (category, status) over the scoped rows.</summary>
    private static async Task<List<CategoryRow>> ScopedCategoriesAsync(IQueryable<RectificationItem> scoped, CancellationToken cancellationToken) =>
        (await scoped
            .GroupBy(i => new { i.Category, i.Status })
            .Select(g => new { g.Key.Category, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken))
        .GroupBy(r => r.Category)
        .Select(g => new CategoryRow(g.Key, g.Sum(r => r.Count), g.Where(r => r.Status == ItemStatus.Closed).Sum(r => r.Count)))
        .ToList();

    private static bool IsUnfinished(ItemStatus status) => status is not (ItemStatus.SignedOff or ItemStatus.Closed);

    private static int SuggestedOrder(string category)
    {
        var index = Rectify.Domain.Ledger.Categories.Suggested.ToList().IndexOf(category);
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>Organisations with items in view, plus the 党支部 the user is responsible for (all of them for the whole ledger), so a branch without items still shows.</summary>
    private static IEnumerable<Organization> BranchesInView(ItemReadScope scope, OrganizationDirectory.Snapshot snapshot, IEnumerable<int> withItems)
    {
        var ids = new HashSet<int>(withItems);
        foreach (var org in snapshot.All.Where(o => o.Level == OrganizationLevel.Branch && o.IsActive))
        {
            if (scope.All || scope.OrganizationIds.Contains(org.Id))
            {
                ids.Add(org.Id);
            }
        }

        return snapshot.All.Where(o => ids.Contains(o.Id));
    }

    /// <summary>
    /// i => value &lt; starts[1] ? 0 : value &lt; starts[2] ? 1 : … : n-1, for rows already limited to [starts[0], starts[^1]).
    /// A CASE expression in SQL on every provider; the values go in as literals (they change once a week).
    /// </summary>
    private static Expression<Func<RectificationItem, int>> Bucket<T>(Expression<Func<RectificationItem, T>> value, IReadOnlyList<T> starts)
    {
        Expression body = Expression.Constant(starts.Count - 2);
        for (var k = starts.Count - 2; k >= 1; k--)
        {
            body = Expression.Condition(
                Expression.LessThan(value.Body, Expression.Constant(starts[k], typeof(T))),
                Expression.Constant(k - 1),
                body);
        }

        return Expression.Lambda<Func<RectificationItem, int>>(body, value.Parameters);
    }
}
