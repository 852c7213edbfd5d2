using Rectify.Domain;
using Rectify.Web.Admin;

namespace Rectify.Web.Recurrence;

/// <summary>
/// 屡查屡犯核对 (/admin/recurrences): the pairs <see cref="RecurrenceScan"/> proposed, for an administrator to confirm (the later
/// item is marked as a recurrence of the earlier, <see cref="RectificationItem.MarkRecurrence"/>) or dismiss (a
/// <see cref="RecurrenceDismissal"/> so the pair is never proposed again, and <see cref="RectificationItem.DismissRecurrence"/> in
/// the item's audit). Administrators only, checked here (<see cref="AdminGuard"/>); a pair that is not waiting is refused and
/// nothing changes; the item's version is checked (optimistic concurrency); the change, its audit entry and the removal of
/// the proposal are one save.
/// </summary>
public sealed class RecurrenceReview(IDbContextFactory<RectifyDbContext> dbFactory, AdminGuard guard, LedgerClock clock, IStringLocalizer<Text> text)
{
    /// <summary>How many waiting pairs the page shows at once (best score first).</summary>
    public const int Shown = 200;

    public async Task<CommandResult<RecurrenceCandidates>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.RecurrenceProposals.CountAsync(cancellationToken);
        var rows = await (
                from p in db.RecurrenceProposals
                join i in db.Items on p.ItemId equals i.Id
                join l in db.ProblemLists on i.ProblemListId equals l.Id
                join o in db.Organizations on i.ResponsibleOrganizationId equals o.Id
                join e in db.Items on p.EarlierItemId equals e.Id
                join el in db.ProblemLists on e.ProblemListId equals el.Id
                orderby p.Score descending, i.Number
                select new RecurrenceCandidate(i.Id, i.Version, i.Number, i.Description, l.Date.Year, o.Name,
                    e.Id, e.Number, e.Description, el.Date.Year, e.Status, e.ClosedAt, e.CompletionSummary, p.Score))
            .Take(Shown)
            .ToListAsync(cancellationToken);
        return CommandResult<RecurrenceCandidates>.Ok(new RecurrenceCandidates(total, rows));
    }

    /// <summary>确认复发: marks the later item and removes its waiting proposals.</summary>
    public Task<CommandResult> ConfirmAsync(Guid itemId, Guid earlierItemId, int expectedVersion, CancellationToken cancellationToken = default) =>
        DecideAsync(itemId, earlierItemId, expectedVersion, (db, access, item, earlier, waiting, now) =>
        {
            item.MarkRecurrence(access, earlierItemId, earlier, now);
            db.RecurrenceProposals.RemoveRange(waiting);
        }, cancellationToken);

    /// <summary>不是复发: remembers the pair as dismissed, audits it on the later item and removes the proposal.</summary>
    public Task<CommandResult> DismissAsync(Guid itemId, Guid earlierItemId, int expectedVersion, CancellationToken cancellationToken = default) =>
        DecideAsync(itemId, earlierItemId, expectedVersion, (db, access, item, earlier, waiting, now) =>
        {
            item.DismissRecurrence(access, earlier, now);
            db.RecurrenceDismissals.Add(new RecurrenceDismissal
            {
                Id = Guid.CreateVersion7(now), ItemId = itemId, EarlierItemId = earlierItemId, DismissedBy = access.Actor.UserId, DismissedAt = now,
            });
            db.RecurrenceProposals.RemoveRange(waiting.Where(p => p.EarlierItemId == earlierItemId));
        }, cancellationToken);

    private async Task<CommandResult> DecideAsync(
        Guid itemId, Guid earlierItemId, int expectedVersion,
        Action<RectifyDbContext, AccessContext, RectificationItem, RectificationItem?, List<RecurrenceProposal>, DateTimeOffset> decide,
        CancellationToken cancellationToken)
    {
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var waiting = await db.RecurrenceProposals.Where(p => p.ItemId == itemId).ToListAsync(cancellationToken);
        if (!waiting.Any(p => p.EarlierItemId == earlierItemId))
        {
            // Decided by someone else meanwhile, or a pair the scan never proposed: nothing to decide.
            return text.Invalid("Recurrence.Review.NotWaiting");
        }

        var item = await ItemCommands.LoadAggregateAsync(db, itemId, cancellationToken);
        if (item is null)
        {
            return text.NotFound();
        }

        if (item.Version != expectedVersion)
        {
            return text.Conflict();
        }

        if (LedgerIO.ImportRuns.IsUnpublished(db, item))
        {
            return text.Refusal(new DomainException(ItemCommands.ItemBeingImported));
        }

        var earlier = await db.Items.SingleOrDefaultAsync(i => i.Id == earlierItemId, cancellationToken);
        try
        {
            decide(db, access, item, earlier, waiting, clock.Now);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(item.Version);
        }
        catch (DomainException e)
        {
            return text.Refusal(e);
        }
        catch (DbUpdateException)
        {
            // Concurrency (the item changed) or the same pair dismissed twice at once: the other decision stands.
            return text.Conflict();
        }
    }
}
