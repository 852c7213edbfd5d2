using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Data.Configurations;

namespace Rectify.Web.Ledger;

/// <summary>
/// Read side of the ledger: every query is limited to what the user may read (<see cref="ItemAccess.ReadScope"/>),
/// computed in the database with one query per page (no N+1): names are joined, not looked up per row.
/// </summary>
public sealed class ItemQueries(IDbContextFactory<RectifyDbContext> dbFactory, ActorAccessor actors, LedgerClock clock)
{
    private const int MeasuredIdsInline = 1000;

    public async Task<ItemPage> ListAsync(ItemFilter filter, CancellationToken cancellationToken = default) =>
        await ListAsync(await actors.GetAsync(cancellationToken), filter, cancellationToken);

    public async Task<ItemPage> ListAsync(AccessContext access, ItemFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await FilteredAsync(db, access, filter, cancellationToken);
        // The pager's total from the kept counts when the filter is one they cover (decision 0035), else counted.
        var total = await KeptCounts.TotalAsync(db, access, filter, clock, this, cancellationToken) ?? await query.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(filter.PageSize, 1, 200);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
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
            mine = items.Where(i => i.Status != ItemStatus.SignedOff && i.Status != ItemStatus.Closed && i.DueDate < today);
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
    public async Task<IQueryable<RectificationItem>> FilteredAsync(RectifyDbContext db, AccessContext access, ItemFilter filter, CancellationToken cancellationToken = default)
    {
        var scope = ItemAccess.ReadScope(access.Actor, access.Organizations);
        var query = db.Items.AsNoTracking();
        if (!scope.All)
        {
            var ids = scope.OrganizationIds;
            var uid = scope.UserId;
            // The items whose measures the user owns are read first (a handful, from the OwnerId index) and passed as a list of
            // ids: every OR branch is then an index lookup (organisation, owner, leader, primary key), which PostgreSQL combines
            // with a BitmapOr. As a subquery inside the OR, PostgreSQL scanned every item to count a leader's overdue items
            // (docs/performance.md, "Query shapes"). Someone owning measures in very many items keeps the subquery.
            var measuredQuery = db.Set<Measure>().Where(m => m.OwnerId == uid).Select(m => EF.Property<Guid>(m, "ItemId"));
            var measured = await measuredQuery.Distinct().Take(MeasuredIdsInline + 1).ToListAsync(cancellationToken);
            query = measured.Count <= MeasuredIdsInline
                ? query.Where(i => ids.Contains(i.ResponsibleOrganizationId) || i.OwnerId == uid || i.LeaderId == uid || measured.Contains(i.Id))
                : query.Where(i => ids.Contains(i.ResponsibleOrganizationId) || i.OwnerId == uid || i.LeaderId == uid || measuredQuery.Contains(i.Id));
        }

        return Narrowed(db, access, query, filter);
    }

    /// <summary>
    /// The items a user reads only because they are named on them (owner, leader, owner of a measure), outside the
    /// organisations of their scope: what the kept counts of those organisations leave out (decision 0035). Null for a
    /// scope of the whole ledger.
    /// </summary>
    public async Task<IQueryable<RectificationItem>?> NamedOutsideAsync(RectifyDbContext db, AccessContext access, CancellationToken cancellationToken = default)
    {
        var scope = ItemAccess.ReadScope(access.Actor, access.Organizations);
        if (scope.All)
        {
            return null;
        }

        var ids = scope.OrganizationIds;
        var uid = scope.UserId;
        var measuredQuery = db.Set<Measure>().Where(m => m.OwnerId == uid).Select(m => EF.Property<Guid>(m, "ItemId"));
        var measured = await measuredQuery.Distinct().Take(MeasuredIdsInline + 1).ToListAsync(cancellationToken);
        var items = db.Items.AsNoTracking().Where(i => !ids.Contains(i.ResponsibleOrganizationId));
        return measured.Count <= MeasuredIdsInline
            ? items.Where(i => i.OwnerId == uid || i.LeaderId == uid || measured.Contains(i.Id))
            : items.Where(i => i.OwnerId == uid || i.LeaderId == uid || measuredQuery.Contains(i.Id));
    }

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
            DueFilter.Overdue => query.Where(i => i.Status != ItemStatus.SignedOff && i.Status != ItemStatus.Closed && i.DueDate < today),
            DueFilter.DueSoon => query.Where(i => i.Status != ItemStatus.SignedOff && i.Status != ItemStatus.Closed && i.DueDate >= today && i.DueDate <= soon),
            DueFilter.Unfinished => query.Where(i => i.Status != ItemStatus.SignedOff && i.Status != ItemStatus.Closed),
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
