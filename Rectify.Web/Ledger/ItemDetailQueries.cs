namespace Rectify.Web.Ledger;

/// <summary>Loads an item's detail after checking that the user may read it (<see cref="ItemAccess.CanRead"/>).</summary>
public sealed class ItemDetailQueries(IDbContextFactory<RectifyDbContext> dbFactory, ActorAccessor actors, OrganizationDirectory organizations)
{
    public const string AuditEntityType = "RectificationItem";

    public async Task<ItemDetailResult> GetAsync(Guid itemId, CancellationToken cancellationToken = default) =>
        await GetAsync(await actors.GetAsync(cancellationToken), itemId, cancellationToken);

    public async Task<ItemDetailResult> GetAsync(AccessContext access, Guid itemId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await ItemCommands.LoadAggregateAsync(db, itemId, cancellationToken);
        if (item is null)
        {
            return new ItemDetailResult(ItemDetailOutcome.NotFound, null, access);
        }

        if (!ItemAccess.CanRead(access.Actor, item, access.Organizations))
        {
            return new ItemDetailResult(ItemDetailOutcome.Forbidden, null, access);
        }

        var list = await db.ProblemLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == item.ProblemListId, cancellationToken);
        var key = itemId.ToString();
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == AuditEntityType && a.EntityId == key)
            .OrderByDescending(a => a.Id)
            .Take(500)
            .ToListAsync(cancellationToken);

        var userIds = new HashSet<string> { item.OwnerId, item.LeaderId, item.CreatedBy };
        userIds.UnionWith(item.Measures.Select(m => m.OwnerId).OfType<string>());
        userIds.UnionWith(item.Evidence.Select(e => e.UploadedBy));
        userIds.UnionWith(item.Extensions.SelectMany(e => new[] { e.RequestedBy, e.DecidedBy }).OfType<string>());
        userIds.UnionWith(item.SignOffDecisions.SelectMany(d => new[] { d.DecidedBy, d.RequestedBy }).OfType<string>());
        if (item.SignOffRequestedBy is not null)
        {
            userIds.Add(item.SignOffRequestedBy);
        }

        if (item.SignedOffBy is not null)
        {
            userIds.Add(item.SignedOffBy);
        }

        foreach (var entry in audit)
        {
            // Audit values may name people (owner, leader) who are otherwise no longer on the item.
            foreach (var id in ItemAuditText.UserIdsIn(entry))
            {
                userIds.Add(id);
            }
        }

        Recurrence.RecurrenceLink? recurrenceOf = null;
        if (item.RecurrenceOfItemId is Guid earlierId
            && await ItemCommands.LoadAggregateAsync(db, earlierId, cancellationToken) is { } earlier)
        {
            var earlierYear = await db.ProblemLists.Where(l => l.Id == earlier.ProblemListId).Select(l => l.Date.Year).SingleAsync(cancellationToken);
            var readable = ItemAccess.CanRead(access.Actor, earlier, access.Organizations);
            recurrenceOf = new Recurrence.RecurrenceLink(earlier.Id, earlier.Number, readable ? earlier.Description : null, earlierYear, readable);
        }

        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var orgs = (await organizations.GetAsync(cancellationToken)).Names;
        return new ItemDetailResult(
            ItemDetailOutcome.Found,
            new ItemDetailView(item, list, orgs.GetValueOrDefault(item.ResponsibleOrganizationId, ""), names, orgs, audit) { RecurrenceOf = recurrenceOf },
            access);
    }
}
