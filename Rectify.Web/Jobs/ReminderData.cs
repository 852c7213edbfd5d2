using Rectify.Domain.Reminders;

namespace Rectify.Web.Jobs;

/// <summary>Loads what the reminder policy and the summaries need, shared by the jobs.</summary>
public static class ReminderData
{
    public const int TitleLength = 60;

    public static string ShortTitle(string description) =>
        description.Length <= TitleLength ? description : string.Concat(description.AsSpan(0, TitleLength), "…");

    /// <summary>
    /// Unfinished (or, with <paramref name="includeFinished"/>, all) items as policy projections, in one untracked query.
    /// Only the start of each description is read (<see cref="TitleLength"/> + 1 characters, enough for
    /// <see cref="ShortTitle"/> to decide on its "…"): at 1,000,000 items the whole descriptions were most of the bytes read.
    /// </summary>
    public static async Task<List<ReminderItem>> LoadItemsAsync(RectifyDbContext db, bool includeFinished, CancellationToken cancellationToken) =>
        await Items(db, includeFinished).ToListAsync(cancellationToken);

    /// <summary>The query of <see cref="LoadItemsAsync"/>, to read as a stream.</summary>
    public static IQueryable<ReminderItem> Items(RectifyDbContext db, bool includeFinished)
    {
        var query = db.Items.AsNoTracking();
        if (!includeFinished)
        {
            query = query.Where(ItemPredicates.Unfinished);
        }

        return Project(query, withPendingExtension: true);
    }

    /// <summary>
    /// The unfinished items that can get a reminder line on <paramref name="today"/>: those due on one of
    /// <see cref="ReminderPolicy.DueDatesOfInterest"/>, those waiting for sign-off and those with a pending extension
    /// request (decision 0050). The policy decides the same on these as on every unfinished item; at 1,000,000 items they
    /// are 160,000 of 709,000 (106,000 of them waiting for sign-off). Read as three disjoint queries, each from an index
    /// (as one OR, PostgreSQL scanned the table: 4.8 s instead of tens of milliseconds for the dated ones), streamed one
    /// after the other; the pending extensions' request times are read first, once (17,000 rows at 1M), instead of a
    /// subquery per item; the third query finds those items through a subquery of the same requests.
    /// </summary>
    public static async Task<IEnumerable<ReminderItem>> ItemsOfInterestAsync(RectifyDbContext db, DateOnly today, ReminderSettings settings, CancellationToken cancellationToken)
    {
        var unfinished = db.Items.AsNoTracking().Where(ItemPredicates.Unfinished);
        var dates = ReminderPolicy.DueDatesOfInterest(today, await OldestDueAsync(db, today, cancellationToken), settings).ToList();
        var requests = db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.State == ExtensionState.Pending);
        var pending = new Dictionary<Guid, DateTimeOffset>();
        await foreach (var e in requests.Select(e => new { ItemId = EF.Property<Guid>(e, "ItemId"), e.RequestedAt })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            pending.TryAdd(e.ItemId, e.RequestedAt);
        }

        // The items with a pending request as a subquery, not as a list of ids: 17,000 ids at 1M items were 17,000
        // parameters, and SQLite finds each parameter's slot by a linear search (4.3 s to bind them all).
        var extending = requests.Select(e => EF.Property<Guid>(e, "ItemId"));
        var dated = unfinished.Where(i => i.DueDate != null && dates.Contains(i.DueDate.Value));
        var undated = unfinished.Where(i => !(i.DueDate != null && dates.Contains(i.DueDate.Value)));
        var awaiting = undated.Where(i => i.Status == ItemStatus.AwaitingSignOff);
        var extended = undated.Where(i => i.Status != ItemStatus.AwaitingSignOff && extending.Contains(i.Id));
        return new[] { dated, awaiting, extended }
            .SelectMany(query => Project(query, withPendingExtension: false).AsEnumerable())
            .Select(item => pending.TryGetValue(item.ItemId, out var at) ? item with { PendingExtensionRequestedAt = at } : item);
    }

    /// <summary>The earliest due date of an unfinished item (from the partial index of unfinished due dates), or today.</summary>
    public static async Task<DateOnly> OldestDueAsync(RectifyDbContext db, DateOnly today, CancellationToken cancellationToken) =>
        await UnfinishedDueDates(db).FirstOrDefaultAsync(cancellationToken) ?? today;

    /// <summary>The due dates of the unfinished items, earliest first, read in order from their partial index.</summary>
    public static IQueryable<DateOnly?> UnfinishedDueDates(RectifyDbContext db) =>
        db.Items.AsNoTracking().Where(ItemPredicates.Unfinished).Where(i => i.DueDate != null).OrderBy(i => i.DueDate).Select(i => i.DueDate);

    private static IQueryable<ReminderItem> Project(IQueryable<RectificationItem> query, bool withPendingExtension) =>
        query
            .Select(i => new ReminderItem(
                i.Id,
                i.Number,
                ShortTitle(i.Description.Substring(0, TitleLength + 1)),
                i.Status,
                i.DeadlineType,
                i.Deadline,
                i.Period,
                i.CreatedOn,
                i.LastProgressDate,
                i.OwnerId,
                i.LeaderId,
                i.SignOffRequestedAt,
                withPendingExtension ? i.Extensions.Where(e => e.State == ExtensionState.Pending).Select(e => (DateTimeOffset?)e.RequestedAt).FirstOrDefault() : null,
                i.ResponsibleOrganizationId));

    public static async Task<List<string>> UserIdsInRoleAsync(RectifyDbContext db, string role, CancellationToken cancellationToken) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               join u in db.Users on ur.UserId equals u.Id
               where r.Name == role && u.IsActive
               select u.Id).ToListAsync(cancellationToken);
}
