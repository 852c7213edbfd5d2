using System.Linq.Expressions;
using Rectify.Domain.Reminders;
using Rectify.Web.Data.Configurations;
using Rectify.Web.Jobs;

namespace Rectify.Web.Ledger;

/// <summary>
/// Read side of the ledger: every query is limited to what the user may read (<see cref="ItemAccess.ReadScope"/>),
/// computed in the database with one query per page (no N+1): names are joined, not looked up per row.
/// </summary>
public sealed class ItemQueries(IDbContextFactory<RectifyDbContext> dbFactory, ActorAccessor actors, LedgerClock clock, IOptions<ReminderSettings> reminders)
{
    /// <summary>At most this many items named on a user outside their organisations are passed as a list of ids.</summary>
    private const int NamedOutsideInline = 1000;

    /// <summary>Organisation-id ranges outside a scope tested arm by arm (two arms each: owner, leader); more: one list test.</summary>
    private const int MaxOutsideRanges = 100;

    /// <summary>A limited scope's filter selecting at most this many items reads them all and sorts them (see <see cref="ListAsync(AccessContext, ItemFilter, CancellationToken)"/>).</summary>
    internal const int ReadAllBelow = 5000;

    public async Task<ItemPage> ListAsync(ItemFilter filter, CancellationToken cancellationToken = default) =>
        await ListAsync(await actors.GetAsync(cancellationToken), filter, cancellationToken);

    public async Task<ItemPage> ListAsync(AccessContext access, ItemFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scope = await ResolveScopeAsync(db, access, cancellationToken);
        var query = await NarrowedAsync(db, access, Scoped(db, scope), filter, cancellationToken);
        // The pager's total from the kept counts when the filter is one they cover (decision 0035), else counted.
        var total = await KeptCounts.TotalAsync(db, access, scope, filter, clock, this, cancellationToken) ?? await query.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(filter.PageSize, 1, 200);
        if (total == 0)
        {
            // Nothing to read (the totals are exact): a list that is empty, e.g. a branch without overdue items, or a filter
            // that contradicts itself (status 已销号 and 逾期) — which PostgreSQL otherwise answers by walking every overdue item.
            return new ItemPage([], 0, 1, pageSize);
        }

        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        // A limited scope whose filter selects few items: read them all through the organisation indexes and sort them, instead
        // of walking the whole ledger in the list's order and testing each row (which reads far more rows when the matches sit
        // late in that order, e.g. items in progress by due date). Take(max) keeps the database from planning the walk (decision 0047).
        if (!scope.All && total <= ReadAllBelow)
        {
            if (filter.Due != DueFilter.All && db.Database.IsNpgsql())
            {
                // The unfinished statuses also named one by one: PostgreSQL then reads them as bounds of the (organisation,
                // status, due date) index instead of reading every status and filtering (2.0 ms instead of 3.7 for a 包抓 leader's
                // 909 overdue items at 100,000; decision 0066). SQLite's partial indexes need the NOT IN form alone.
                query = query.Where(ItemPredicates.UnfinishedStatuses);
            }

            query = query.Take(ReadAllBelow * 2);
        }

        var rows = await Project(db, Sorted(query, filter).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        return new ItemPage(Finish(rows), total, page, pageSize);
    }

    /// <summary>The first <paramref name="max"/> items the filter selects, in its order, with one query (no count, no pages).</summary>
    public async Task<IReadOnlyList<ItemRow>> FirstAsync(AccessContext access, ItemFilter filter, int max, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await FilteredAsync(db, access, filter, cancellationToken);
        return Finish(await Project(db, Sorted(query, filter).Take(max)).ToListAsync(cancellationToken));
    }

    /// <summary>我的待办: what needs the user's action, overdue first.</summary>
    public async Task<IReadOnlyList<ItemRow>> MyWorkAsync(AccessContext access, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = access.Actor;
        var scope = ItemAccess.ReadScope(actor, access.Organizations);
        var items = db.Items.AsNoTracking();
        IQueryable<RectificationItem> mine;
        if (actor.IsAdministrator && !actor.IsLeader)
        {
            // Administrators act on what waits too long: every unfinished overdue item.
            var today = clock.Today;
            mine = items.Where(ItemPredicates.Unfinished).Where(i => i.DueDate < today);
        }
        else
        {
            var ownOrg = actor.IsSecretary ? actor.OrganizationId : null;
            var decideIds = actor.IsTopLeader ? null : scope.OrganizationIds;
            mine = items.Where(i =>
                ((i.OwnerId == actor.UserId || (ownOrg != null && i.ResponsibleOrganizationId == ownOrg))
                    && (i.Status == ItemStatus.Open || i.Status == ItemStatus.InProgress))
                || (actor.IsLeader
                    && (i.Status == ItemStatus.AwaitingSignOff || i.Extensions.Any(e => e.State == ExtensionState.Pending))
                    && (i.LeaderId == actor.UserId || decideIds == null || decideIds.Contains(i.ResponsibleOrganizationId))));
        }

        var rows = await Project(db, mine.OrderBy(i => i.DueDate == null).ThenBy(i => i.DueDate).ThenBy(i => i.Number).Take(200)).ToListAsync(cancellationToken);
        return Finish(rows);
    }

    /// <summary>The items the user may read, narrowed by the filter (not sorted).</summary>
    public async Task<IQueryable<RectificationItem>> FilteredAsync(RectifyDbContext db, AccessContext access, ItemFilter filter, CancellationToken cancellationToken = default) =>
        await NarrowedAsync(db, access, Scoped(db, await ResolveScopeAsync(db, access, cancellationToken)), filter, cancellationToken);

    /// <summary><see cref="Narrowed"/>, and for a reminder mail's "查看全部" link the items of that section (decision 0049).</summary>
    private async Task<IQueryable<RectificationItem>> NarrowedAsync(
        RectifyDbContext db, AccessContext access, IQueryable<RectificationItem> query, ItemFilter filter, CancellationToken cancellationToken)
    {
        query = Narrowed(db, access, query, filter);
        return filter is { Reminder: { } section, ReminderAt: { } at }
            ? await ReminderSectionItems.WhereAsync(db, access.Actor, query, section, at, reminders.Value, clock, cancellationToken)
            : query;
    }

    /// <summary>
    /// The user's scope with the items named on them outside its organisations read once (decision 0047): one query whose
    /// every part is a short index range. Owner and leader: the (owner or leader, organisation) indexes, in the ranges of
    /// organisation ids between those of the scope (each an OR arm of its own, so PostgreSQL combines index scans and SQLite
    /// uses its OR optimisation, instead of reading every item the user leads to find the few outside). Measures: the
    /// measure owner's index, then the items by key.
    /// </summary>
    public async Task<ResolvedScope> ResolveScopeAsync(RectifyDbContext db, AccessContext access, CancellationToken cancellationToken = default)
    {
        var scope = ItemAccess.ReadScope(access.Actor, access.Organizations);
        if (scope.All)
        {
            return ResolvedScope.Everything;
        }

        var ids = scope.OrganizationIds;
        var uid = scope.UserId;
        var ranges = OutsideRanges(ids);
        List<Guid> outside;
        if (db.Database.IsNpgsql())
        {
            outside = await NamedOutsidePostgresAsync(db, uid, ids, ranges, cancellationToken);
        }
        else
        {
            var measured = db.Set<Measure>().Where(m => m.OwnerId == uid).Select(m => EF.Property<Guid>(m, "ItemId"));
            var items = db.Items.AsNoTracking();
            var named = ranges.Count <= MaxOutsideRanges
                ? items.Where(NamedOutsidePredicate(uid, ranges))
                : items.Where(i => !ids.Contains(i.ResponsibleOrganizationId) && (i.OwnerId == uid || i.LeaderId == uid));
            outside = await named.Select(i => i.Id)
                .Union(items.Where(i => measured.Contains(i.Id) && !ids.Contains(i.ResponsibleOrganizationId)).Select(i => i.Id))
                .Take(NamedOutsideInline + 1)
                .ToListAsync(cancellationToken);
        }

        return new ResolvedScope(false, ids, uid, outside.Count <= NamedOutsideInline ? outside : null);
    }

    /// <summary>
    /// On PostgreSQL the ranges between the scope's organisations are two array parameters, and each range is read from the
    /// (owner, organisation) and (leader, organisation) indexes in a lateral join (decision 0066): one statement of fixed text for
    /// every scope, planned in about 0.1 ms. The same ranges as OR arms (<see cref="NamedOutsidePredicate"/>) cost PostgreSQL
    /// 1.8 ms of planning for a 包抓 leader of 20 organisations (42 arms), more than the reading itself.
    /// </summary>
    private static async Task<List<Guid>> NamedOutsidePostgresAsync(
        RectifyDbContext db, string uid, IReadOnlyCollection<int> ids, List<(int? After, int? Before)> ranges, CancellationToken cancellationToken)
    {
        var after = ranges.Select(r => r.After ?? int.MinValue).ToArray();
        var before = ranges.Select(r => r.Before ?? int.MaxValue).ToArray();
        var organizations = ids.ToArray();
        var limit = NamedOutsideInline + 1;
        return await db.Database.SqlQuery<Guid>($"""
            SELECT n."Id" AS "Value"
            FROM (
                SELECT x."Id"
                FROM unnest({after}, {before}) AS g(after, before)
                CROSS JOIN LATERAL (
                    SELECT r."Id" FROM "RectificationItems" AS r
                    WHERE r."OwnerId" = {uid} AND r."ResponsibleOrganizationId" > g.after AND r."ResponsibleOrganizationId" < g.before
                    UNION ALL
                    SELECT r."Id" FROM "RectificationItems" AS r
                    WHERE r."LeaderId" = {uid} AND r."ResponsibleOrganizationId" > g.after AND r."ResponsibleOrganizationId" < g.before
                ) AS x
                UNION
                SELECT r."Id" FROM "RectificationItems" AS r
                WHERE r."Id" IN (SELECT m."ItemId" FROM "Measures" AS m WHERE m."OwnerId" = {uid})
                    AND NOT (r."ResponsibleOrganizationId" = ANY ({organizations}))
            ) AS n
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }

    /// <summary>The ranges of organisation ids outside <paramref name="ids"/>, each as the ids it lies strictly between (null: unbounded).</summary>
    private static List<(int? After, int? Before)> OutsideRanges(IReadOnlyCollection<int> ids)
    {
        var ranges = new List<(int? After, int? Before)>();
        int? previous = null;
        foreach (var id in ids.Order())
        {
            if (previous is null || id > previous + 1)
            {
                ranges.Add((previous, id));
            }

            previous = id;
        }

        ranges.Add((previous, null));
        return ranges;
    }

    /// <summary>The items <paramref name="scope"/> reads.</summary>
    public IQueryable<RectificationItem> Scoped(RectifyDbContext db, ResolvedScope scope)
    {
        var query = db.Items.AsNoTracking();
        if (scope.All)
        {
            return query;
        }

        var ids = scope.OrganizationIds;
        var uid = scope.UserId;
        if (scope.NamedOutside is not { } outside)
        {
            var measured = db.Set<Measure>().Where(m => m.OwnerId == uid).Select(m => EF.Property<Guid>(m, "ItemId"));
            return query.Where(i => ids.Contains(i.ResponsibleOrganizationId) || i.OwnerId == uid || i.LeaderId == uid || measured.Contains(i.Id));
        }

        return outside.Count == 0
            ? query.Where(i => ids.Contains(i.ResponsibleOrganizationId))
            : query.Where(i => ids.Contains(i.ResponsibleOrganizationId) || outside.Contains(i.Id));
    }

    /// <summary>
    /// The items a user reads only because they are named on them (owner, leader, owner of a measure), outside the
    /// organisations of their scope: what the kept counts of those organisations leave out (decision 0035). Null for a
    /// scope of the whole ledger.
    /// </summary>
    public async Task<IQueryable<RectificationItem>?> NamedOutsideAsync(RectifyDbContext db, AccessContext access, CancellationToken cancellationToken = default) =>
        NamedOutside(db, await ResolveScopeAsync(db, access, cancellationToken));

    /// <summary>As <see cref="NamedOutsideAsync"/>, for a scope already resolved.</summary>
    public IQueryable<RectificationItem>? NamedOutside(RectifyDbContext db, ResolvedScope scope)
    {
        if (scope.All)
        {
            return null;
        }

        var items = db.Items.AsNoTracking();
        if (scope.NamedOutside is { } outside)
        {
            return items.Where(i => outside.Contains(i.Id));
        }

        var ids = scope.OrganizationIds;
        var uid = scope.UserId;
        var measured = db.Set<Measure>().Where(m => m.OwnerId == uid).Select(m => EF.Property<Guid>(m, "ItemId"));
        return items.Where(i => !ids.Contains(i.ResponsibleOrganizationId) && (i.OwnerId == uid || i.LeaderId == uid || measured.Contains(i.Id)));
    }

    /// <summary>
    /// "Owner or leader is <paramref name="uid"/>, organisation in one of <paramref name="ranges"/>" as one OR arm per (person column,
    /// range of organisation ids between two of the scope's): each arm is a range of an (owner or leader, organisation) index.
    /// For SQLite; the caller tests the list instead when the scope has more than <see cref="MaxOutsideRanges"/> gaps.
    /// </summary>
    private static Expression<Func<RectificationItem, bool>> NamedOutsidePredicate(string uid, List<(int? After, int? Before)> ranges)
    {
        var item = Expression.Parameter(typeof(RectificationItem), "i");
        var org = Expression.Property(item, nameof(RectificationItem.ResponsibleOrganizationId));
        // Through a closure, so the user id is a parameter of the statement, not a literal.
        var user = Expression.Property(Expression.Constant(new UserHolder(uid)), nameof(UserHolder.Id));
        Expression? any = null;
        foreach (var column in new[] { nameof(RectificationItem.OwnerId), nameof(RectificationItem.LeaderId) })
        {
            foreach (var (after, before) in ranges)
            {
                Expression arm = Expression.Equal(Expression.Property(item, column), user);
                if (after is { } a)
                {
                    arm = Expression.AndAlso(arm, Expression.GreaterThan(org, Expression.Constant(a)));
                }

                if (before is { } b)
                {
                    arm = Expression.AndAlso(arm, Expression.LessThan(org, Expression.Constant(b)));
                }

                any = any is null ? arm : Expression.OrElse(any, arm);
            }
        }

        return Expression.Lambda<Func<RectificationItem, bool>>(any!, item);
    }

    private sealed record UserHolder(string Id);

    /// <summary><paramref name="query"/> narrowed by every part of the filter (the scope is the caller's).</summary>
    public IQueryable<RectificationItem> Narrowed(RectifyDbContext db, AccessContext access, IQueryable<RectificationItem> query, ItemFilter filter)
    {
        if (filter.Status is { } status)
        {
            query = query.Where(i => i.Status == status);
        }

        if (filter.OrganizationId is { } org)
        {
            if (filter.OrganizationOnly)
            {
                query = query.Where(i => i.ResponsibleOrganizationId == org);
            }
            else
            {
                var orgs = access.Organizations.SelfAndDescendantsOf(org).ToList();
                query = query.Where(i => orgs.Contains(i.ResponsibleOrganizationId));
            }
        }

        if (!string.IsNullOrEmpty(filter.LeaderId))
        {
            query = query.Where(i => i.LeaderId == filter.LeaderId);
        }

        if (filter.Source is { } source)
        {
            query = query.Where(i => db.ProblemLists.Any(l => l.Id == i.ProblemListId && l.Source == source));
        }

        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            query = query.Where(i => i.Category == filter.Category);
        }

        if (filter.ProblemListId is { } listId)
        {
            query = query.Where(i => i.ProblemListId == listId);
        }

        if (filter.CreatedFrom is { } createdFrom)
        {
            query = query.Where(i => i.CreatedOn >= createdFrom);
        }

        if (filter.CreatedTo is { } createdTo)
        {
            query = query.Where(i => i.CreatedOn <= createdTo);
        }

        if (filter.ClosedFrom is { } closedFrom)
        {
            var from = clock.StartOfDay(closedFrom);
            query = query.Where(i => i.Status == ItemStatus.Closed && i.ClosedAt >= from);
        }

        if (filter.ClosedTo is { } closedTo)
        {
            var before = clock.StartOfDay(closedTo.AddDays(1));
            query = query.Where(i => i.Status == ItemStatus.Closed && i.ClosedAt < before);
        }

        if (filter.Recurrence)
        {
            // Marked items are few: SQLite must read them from the RecurrenceOfItemId index, not e.g. a year of the CreatedOn
            // index (0.9 s at 1,000,000 items; decision 0052). PostgreSQL's statistics know the column's NULL fraction.
            query = db.Database.IsSqlite()
                ? query.Where(i => SqliteRectifyDbContext.Likelihood(i.RecurrenceOfItemId != null, 0.001))
                : query.Where(i => i.RecurrenceOfItemId != null);
        }

        var today = clock.Today;
        var soon = today.AddDays(clock.WarnDays);
        query = filter.Due switch
        {
            DueFilter.Overdue => query.Where(ItemPredicates.Unfinished).Where(i => i.DueDate < today),
            DueFilter.DueSoon => query.Where(ItemPredicates.Unfinished).Where(i => i.DueDate >= today && i.DueDate <= soon),
            DueFilter.Unfinished => query.Where(ItemPredicates.Unfinished),
            _ => query,
        };

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(i => i.Description.Contains(text) || i.Number.Contains(text));
        }

        return query;
    }

    internal static IQueryable<RectificationItem> Sorted(IQueryable<RectificationItem> query, ItemFilter filter) => (filter.Sort, filter.Descending) switch
    {
        // Overdue and due-soon items all have a due date: without the "no date last" term the order can come straight from the
        // index of unfinished items by due date (IX_RectificationItems_Unfinished_DueDate) and stop after one page.
        (ItemSort.DueDate, false) when filter.Due is DueFilter.Overdue or DueFilter.DueSoon => query.OrderBy(i => i.DueDate).ThenBy(i => i.Number),
        (ItemSort.DueDate, true) when filter.Due is DueFilter.Overdue or DueFilter.DueSoon => query.OrderByDescending(i => i.DueDate).ThenBy(i => i.Number),
        (ItemSort.Number, false) => query.OrderBy(i => i.Number),
        (ItemSort.Number, true) => query.OrderByDescending(i => i.Number),
        (ItemSort.Status, false) => query.OrderBy(i => i.Status).ThenBy(i => i.Number),
        (ItemSort.Status, true) => query.OrderByDescending(i => i.Status).ThenBy(i => i.Number),
        (ItemSort.Organization, false) => query.OrderBy(i => i.ResponsibleOrganizationId).ThenBy(i => i.Number),
        (ItemSort.Organization, true) => query.OrderByDescending(i => i.ResponsibleOrganizationId).ThenBy(i => i.Number),
        (ItemSort.CreatedAt, false) => query.OrderBy(i => i.CreatedAt),
        (ItemSort.CreatedAt, true) => query.OrderByDescending(i => i.CreatedAt),
        // Due date, items without one last (the stored flag: IX_RectificationItems_DueOrder gives this order without a sort).
        (_, false) => query.OrderBy(i => EF.Property<bool>(i, ItemOrder.NoDueDate)).ThenBy(i => i.DueDate).ThenBy(i => i.Number),
        (_, true) => query.OrderBy(i => EF.Property<bool>(i, ItemOrder.NoDueDate)).ThenByDescending(i => i.DueDate).ThenBy(i => i.Number),
    };

    private sealed record RawRow(
        Guid Id, string Number, string Description, string Category, ProblemSource Source, Guid ProblemListId, string ProblemListTitle,
        int OrganizationId, string OrganizationName, string OwnerId, string? OwnerName, string LeaderId, string? LeaderName,
        DeadlineType DeadlineType, DateOnly? Deadline, DateOnly? DueDate, ItemStatus Status, DateOnly? LastProgressDate, DateTimeOffset? ClosedAt,
        bool HasPendingExtension);

    private static IQueryable<RawRow> Project(RectifyDbContext db, IQueryable<RectificationItem> items) =>
        from i in items
        join l in db.ProblemLists on i.ProblemListId equals l.Id
        join o in db.Organizations on i.ResponsibleOrganizationId equals o.Id
        select new RawRow(
            i.Id, i.Number, i.Description, i.Category, l.Source, l.Id, l.Title, o.Id, o.Name,
            i.OwnerId, db.Users.Where(u => u.Id == i.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
            i.LeaderId, db.Users.Where(u => u.Id == i.LeaderId).Select(u => u.DisplayName).FirstOrDefault(),
            i.DeadlineType, i.Deadline, i.DueDate, i.Status, i.LastProgressDate, i.ClosedAt,
            i.Extensions.Any(e => e.State == ExtensionState.Pending));

    private List<ItemRow> Finish(List<RawRow> rows)
    {
        var today = clock.Today;
        return rows.Select(r =>
        {
            var done = r.Status is ItemStatus.SignedOff or ItemStatus.Closed;
            int? daysLeft = r.DueDate is { } due ? due.DayNumber - today.DayNumber : null;
            var light = done ? TrafficLight.Done
                : daysLeft is null ? TrafficLight.Green
                : daysLeft < 0 ? TrafficLight.Red
                : daysLeft <= clock.WarnDays ? TrafficLight.Yellow : TrafficLight.Green;
            return new ItemRow(r.Id, r.Number, r.Description, r.Category, r.Source, r.ProblemListId, r.ProblemListTitle,
                r.OrganizationId, r.OrganizationName, r.OwnerId, r.OwnerName ?? "", r.LeaderId, r.LeaderName ?? "",
                r.DeadlineType, r.Deadline, r.DueDate, r.Status, r.LastProgressDate, r.ClosedAt, light,
                !done && daysLeft < 0 ? -daysLeft : null)
            {
                HasPendingExtension = r.HasPendingExtension,
            };
        }).ToList();
    }

    /// <summary>The whole item for its detail page, or null when it does not exist; the caller checks <see cref="ItemAccess.CanRead"/>.</summary>
    public async Task<RectificationItem?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ItemCommands.LoadAggregateAsync(db, id, cancellationToken);
    }
}
