using System.Linq.Expressions;

namespace Rectify.Web.Overview;

/// <summary>
/// The leaders' overview (领导驾驶舱): counts per organisation and status, per source, per category and per week, read from the
/// counts the database keeps per organisation (<see cref="KeptCounts"/>, decision 0035) for the organisations of the user's
/// scope, plus the items they are named on outside them. Every number equals the length of the list it links to
/// (<see cref="ItemQueries.FilteredAsync"/>); KeptCountsTests compares them after random changes.
/// </summary>
public sealed class OverviewQueries(
    IDbContextFactory<RectifyDbContext> dbFactory,
    ActorAccessor actors,
    OrganizationDirectory organizations,
    ItemQueries items,
    LedgerClock clock)
{
    /// <summary>How many weeks the trend shows, the current one included.</summary>
    public const int TrendWeeks = 12;

    /// <summary>How many organisations the overview itself lists (those that need attention first, decision 0045); the rest are on /overview/organizations.</summary>
    public const int AttentionRows = 10;

    public async Task<OverviewFigures> GetAsync(CancellationToken cancellationToken = default) =>
        await GetAsync(await actors.GetAsync(cancellationToken), cancellationToken);

    public Task<OverviewFigures> GetAsync(AccessContext access, CancellationToken cancellationToken = default) =>
        ReadAsync(access, branchesOnly: false, cancellationToken);

    /// <summary>
    /// Every organisation row of the overview in the 通报 ranking's order, exactly as <see cref="GetAsync(AccessContext, CancellationToken)"/>
    /// gives them, without reading the sources, categories and weeks (the full table at /overview/organizations).
    /// </summary>
    public async Task<IReadOnlyList<BranchRow>> GetBranchesAsync(AccessContext access, CancellationToken cancellationToken = default) =>
        (await ReadAsync(access, branchesOnly: true, cancellationToken)).Branches;

    /// <summary>
    /// The organisations that need attention first: most overdue items, then most due soon, then most unfinished, then the
    /// lowest 销号率, then by name; organisations without items last.
    /// </summary>
    public static IEnumerable<BranchRow> ByAttention(IEnumerable<BranchRow> branches) => branches
        .OrderBy(b => b.Total == 0)
        .ThenByDescending(b => b.Overdue)
        .ThenByDescending(b => b.DueSoon)
        .ThenByDescending(b => b.Unfinished)
        .ThenBy(b => b.ClosingRate ?? 101)
        .ThenBy(b => b.Name, StringComparer.Ordinal);

    private async Task<OverviewFigures> ReadAsync(AccessContext access, bool branchesOnly, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var soon = today.AddDays(clock.WarnDays);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var snapshot = await organizations.GetAsync(cancellationToken);
        var scope = ItemAccess.ReadScope(access.Actor, access.Organizations);
        var orgs = KeptCounts.Organizations(access);
        var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weekStarts = Enumerable.Range(0, TrendWeeks + 1).Select(k => thisWeek.AddDays(7 * (k - TrendWeeks + 1))).ToArray();
        var closedStarts = weekStarts.Select(d => (DateTimeOffset?)clock.StartOfDay(d)).ToArray();
        var closedFrom = closedStarts[0];
        var closedEnd = closedStarts[^1];

        // The items closed per week are the one range of items the page reads (tens of thousands of index entries for the whole
        // ledger at 1M): on a connection of their own, at the same time as the kept counts below (decision 0045). Every
        // statement reads its own snapshot either way, so this adds no inconsistency.
        var closedPerWeekTask = branchesOnly ? Task.FromResult(new Dictionary<int, int>()) : ClosedPerWeekAsync(orgs, closedStarts, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // 1. Per organisation and status, per source and per category: the kept counts of the scope's organisations. Source and
        //    category are grouped by the whole key (Key, Source, Status) although one of Key and Source is constant in either
        //    dimension: that is the covering index's order, so SQLite sums the ~19,000 rows of the whole ledger as it reads them
        //    (2 ms at 1M) instead of sorting them first (10-20 ms); the groups are the same (decision 0062).
        var byOrgStatus = (await KeptCounts.Rows(db, CountDimension.Status, orgs)
                .Select(c => new { c.OrganizationId, c.Status, c.Count })
                .ToListAsync(cancellationToken))
            .Select(c => new Counted(c.OrganizationId, (ItemStatus)c.Status, c.Count))
            .ToList();
        var bySource = branchesOnly ? [] : (await KeptCounts.Rows(db, CountDimension.Source, orgs)
                .GroupBy(c => new { c.Key, c.Source, c.Status })
                .Select(g => new { g.Key.Source, g.Key.Status, Count = g.Sum(c => c.Count) })
                .ToListAsync(cancellationToken))
            .Select(c => new Counted((ProblemSource)c.Source, (ItemStatus)c.Status, c.Count))
            .ToList();
        var byCategory = branchesOnly ? [] : (await KeptCounts.Rows(db, CountDimension.Category, orgs)
                .GroupBy(c => new { c.Key, c.Source, c.Status })
                .Select(g => new { g.Key.Key, g.Key.Status, Count = g.Sum(c => c.Count) })
                .ToListAsync(cancellationToken))
            .Select(c => new Counted(c.Key, (ItemStatus)c.Status, c.Count))
            .ToList();

        // 2. Overdue and due soon per organisation: the kept counts of the months before this one, and the items of this
        //    month so far and of the coming warning days, counted in one pass over the days from the 1st of this month to the
        //    last warning day (two adjacent ranges; one read of the index instead of two, decision 0062).
        var month = KeptCounts.MonthKey(today);
        var overdue = await KeptCounts.Rows(db, CountDimension.DueMonth, orgs)
            .Where(c => KeptCounts.Unfinished.Contains(c.Status) && c.Key != ItemCount.NoKey && string.Compare(c.Key, month) < 0)
            .GroupBy(c => c.OrganizationId)
            .Select(g => new { Organization = g.Key, Count = g.Sum(c => c.Count) })
            .ToDictionaryAsync(r => r.Organization, r => r.Count, cancellationToken);
        var dueNow = await DueBetween(db, orgs, monthStart, soon)
            .GroupBy(i => i.ResponsibleOrganizationId)
            .Select(g => new { Organization = g.Key, Overdue = g.Count(i => i.DueDate < today), DueSoon = g.Count(i => i.DueDate >= today) })
            .ToListAsync(cancellationToken);
        var dueSoon = new Dictionary<int, int>();
        foreach (var row in dueNow)
        {
            if (row.Overdue > 0)
            {
                overdue[row.Organization] = overdue.GetValueOrDefault(row.Organization) + row.Overdue;
            }

            if (row.DueSoon > 0)
            {
                dueSoon[row.Organization] = row.DueSoon;
            }
        }

        // 3. and 4. The weekly trend: items created per week from the kept counts, items closed per week from the
        //    (ClosedAt, organisation) index; each closed row falls into one week bucket, computed in SQL by a CASE over the week starts.
        var weekOfKey = Enumerable.Range(0, TrendWeeks).ToDictionary(k => KeptCounts.WeekKey(weekStarts[k]), k => k);
        var weekKeys = weekOfKey.Keys.ToList();
        var newPerWeek = branchesOnly ? [] : (await KeptCounts.Rows(db, CountDimension.CreatedWeek, orgs)
                .Where(c => weekKeys.Contains(c.Key))
                .GroupBy(c => c.Key)
                .Select(g => new { Week = g.Key, Count = g.Sum(c => c.Count) })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => weekOfKey[r.Week], r => r.Count);
        var closedPerWeek = await closedPerWeekTask;

        // 5. The items the user is named on outside their organisations, counted one by one (a handful, read through the
        //    (owner or leader, organisation) indexes).
        var resolved = await items.ResolveScopeAsync(db, access, cancellationToken);
        if (resolved.NamedOutside is not { Count: 0 } && items.NamedOutside(db, resolved) is { } outside)
        {
            var named = await outside
                .Join(db.ProblemLists, i => i.ProblemListId, l => l.Id, (i, l) => new { i.ResponsibleOrganizationId, i.Status, l.Source, i.Category, i.DueDate, i.CreatedOn, i.ClosedAt })
                .ToListAsync(cancellationToken);
            foreach (var i in named)
            {
                byOrgStatus.Add(new Counted(i.ResponsibleOrganizationId, i.Status, 1));
                bySource.Add(new Counted(i.Source, i.Status, 1));
                byCategory.Add(new Counted(i.Category, i.Status, 1));
                if (IsUnfinished(i.Status) && i.DueDate < today)
                {
                    overdue[i.ResponsibleOrganizationId] = overdue.GetValueOrDefault(i.ResponsibleOrganizationId) + 1;
                }

                if (IsUnfinished(i.Status) && i.DueDate >= today && i.DueDate <= soon)
                {
                    dueSoon[i.ResponsibleOrganizationId] = dueSoon.GetValueOrDefault(i.ResponsibleOrganizationId) + 1;
                }

                if (i.CreatedOn >= weekStarts[0] && i.CreatedOn < weekStarts[^1])
                {
                    var week = (i.CreatedOn.DayNumber - weekStarts[0].DayNumber) / 7;
                    newPerWeek[week] = newPerWeek.GetValueOrDefault(week) + 1;
                }

                if (i.ClosedAt >= closedFrom && i.ClosedAt < closedEnd)
                {
                    var week = Enumerable.Range(0, TrendWeeks).Last(k => i.ClosedAt >= closedStarts[k]);
                    closedPerWeek[week] = closedPerWeek.GetValueOrDefault(week) + 1;
                }
            }
        }

        var byStatus = Enum.GetValues<ItemStatus>().ToDictionary(s => s, s => byOrgStatus.Where(r => r.Status == s).Sum(r => r.Count));
        var perOrganization = byOrgStatus.GroupBy(r => (int)r.Key).ToDictionary(g => g.Key, g => g.ToList());
        var branches = BranchesInView(scope, snapshot, perOrganization.Where(p => p.Value.Sum(r => r.Count) > 0).Select(p => p.Key))
            .Select(org =>
            {
                var rows = perOrganization.GetValueOrDefault(org.Id) ?? [];
                var late = overdue.GetValueOrDefault(org.Id);
                var near = dueSoon.GetValueOrDefault(org.Id);
                return new BranchRow(org.Id, org.Name, snapshot.Tree.ChildrenOf(org.Id).Count > 0,
                    rows.Sum(r => r.Count), rows.Where(r => r.Status == ItemStatus.Closed).Sum(r => r.Count),
                    late, near, LightOf(late, near), 0)
                {
                    Unfinished = rows.Where(r => IsUnfinished(r.Status)).Sum(r => r.Count),
                };
            })
            .ToList();
        var ranked = Rank(branches);

        var sources = bySource
            .GroupBy(r => (ProblemSource)r.Key)
            .Select(g => new SourceRow(g.Key, g.Sum(r => r.Count), g.Where(r => r.Status == ItemStatus.Closed).Sum(r => r.Count)))
            .Where(r => r.Total > 0)
            .OrderByDescending(r => r.Total).ThenBy(r => r.Source)
            .ToList();
        var categories = byCategory
            .GroupBy(r => (string)r.Key)
            .Select(g => new CategoryRow(g.Key, g.Sum(r => r.Count), g.Where(r => r.Status == ItemStatus.Closed).Sum(r => r.Count)))
            .Where(r => r.Total > 0)
            .OrderByDescending(r => r.Total).ThenBy(r => SuggestedOrder(r.Category)).ThenBy(r => r.Category, StringComparer.Ordinal)
            .ToList();
        var weeks = Enumerable.Range(0, TrendWeeks)
            .Select(k => new WeekRow(weekStarts[k], weekStarts[k + 1].AddDays(-1), newPerWeek.GetValueOrDefault(k), closedPerWeek.GetValueOrDefault(k)))
            .ToList();

        return new OverviewFigures(today, clock.WarnDays, byStatus.Values.Sum(), byStatus,
            branches.Sum(b => b.Overdue), branches.Sum(b => b.DueSoon), ranked, sources, categories, weeks);
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
    /// Items closed per week of the trend (week k from closedStarts[k] to closedStarts[k + 1]), from the (ClosedAt, organisation)
    /// index. The whole ledger: one COUNT per week, each a range of the index; one GROUP BY over the twelve weeks computed a week
    /// number for each of the ~70,000 closed items at 1M and sorted them by it (19 ms on a quiet machine, 45-70 ms under load),
    /// where counting a range only steps through it (2 ms for all twelve). A limited scope keeps the single GROUP BY: SQLite reads
    /// its organisations' items through an organisation index, and twelve counts would read them twelve times (decision 0062).
    /// </summary>
    private async Task<Dictionary<int, int>> ClosedPerWeekAsync(IReadOnlyCollection<int>? orgs, DateTimeOffset?[] closedStarts, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // ClosedAt is set only by closing and cleared by reopening, so it alone says "closed".
        var closed = db.Items.AsNoTracking();
        if (orgs is not null)
        {
            var (closedFrom, closedEnd) = (closedStarts[0], closedStarts[^1]);
            return await closed
                .Where(i => i.ClosedAt >= closedFrom && i.ClosedAt < closedEnd && orgs.Contains(i.ResponsibleOrganizationId))
                .GroupBy(Bucket(i => i.ClosedAt, closedStarts))
                .Select(g => new { Week = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Week, x => x.Count, cancellationToken);
        }

        var perWeek = new Dictionary<int, int>();
        for (var week = 0; week < closedStarts.Length - 1; week++)
        {
            var (from, to) = (closedStarts[week], closedStarts[week + 1]);
            if (await closed.CountAsync(i => i.ClosedAt >= from && i.ClosedAt < to, cancellationToken) is > 0 and var count)
            {
                perWeek[week] = count;
            }
        }

        return perWeek;
    }

    /// <summary>
    /// <see cref="KeptCounts.DueBetween"/>, on SQLite with the unfinished statuses named (<c>IN (0, 1, 2)</c> instead of
    /// <c>NOT IN (3, 4)</c>, the same items): the whole ledger's count per organisation reads the (organisation, status, due
    /// date) index in organisation order, and SQLite then seeks one status range per organisation and status instead of
    /// skipping through all five statuses (26-38 → 19-31 ms at 1M under load). PostgreSQL keeps the <c>NOT IN</c> its partial
    /// index of unfinished items is written with (decision 0062).
    /// </summary>
    private static IQueryable<RectificationItem> DueBetween(RectifyDbContext db, IReadOnlyCollection<int>? organizations, DateOnly from, DateOnly to)
    {
        if (!db.Database.IsSqlite())
        {
            return KeptCounts.DueBetween(db, organizations, from, to);
        }

        var items = db.Items.AsNoTracking().Where(i =>
            (i.Status == ItemStatus.Open || i.Status == ItemStatus.InProgress || i.Status == ItemStatus.AwaitingSignOff) && i.DueDate >= from && i.DueDate <= to);
        return organizations is null ? items : items.Where(i => organizations.Contains(i.ResponsibleOrganizationId));
    }

    /// <summary>A count of items by organisation, source or category (<see cref="Key"/>) and status.</summary>
    private sealed record Counted(object Key, ItemStatus Status, int Count);

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
