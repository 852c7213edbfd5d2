namespace Rectify.Web.Jobs;

/// <summary>
/// Closes (销号) items whose sign-off was approved once Ledger:NoticeDays have passed, and tells the owner and the leader, in
/// the same transaction per item. Idempotent: closed items are no longer SignedOff, notices are keyed per item, recipient and closing.
/// </summary>
public sealed class CloseSignedOffRun(
    IDbContextFactory<RectifyDbContext> contexts,
    Outbox outbox,
    LedgerClock clock,
    IOptions<LedgerOptions> ledger,
    MailComposer mails,
    ILogger<CloseSignedOffRun> logger)
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var noticeDays = ledger.Value.NoticeDays;
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var candidates = await db.Items.AsNoTracking()
                .Where(i => i.Status == ItemStatus.SignedOff && i.SignedOffAt != null)
                .Select(i => new { i.Id, i.SignedOffAt })
                .ToListAsync(cancellationToken);
            due = candidates.Where(c => c.SignedOffAt!.Value.AddDays(noticeDays) <= now).Select(c => c.Id).ToList();
        }

        var closed = 0;
        foreach (var id in due)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var item = await ItemCommands.LoadAggregateAsync(db, id, cancellationToken);
            if (item is null || !item.Close(Actor.System, now, noticeDays))
            {
                continue;
            }

            // One notice per closing, not per item: an item reopened and closed again is news again. The closing instant
            // identifies the closing (Close succeeds once per sign-off, in this transaction), so a rerun still sends nothing.
            var closing = item.ClosedAt!.Value.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var recipients = new[] { item.OwnerId, item.LeaderId }.Distinct(StringComparer.Ordinal).ToList();
            var users = await db.Users.AsNoTracking().Where(u => recipients.Contains(u.Id))
                .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsActive, u.Culture }).ToListAsync(cancellationToken);
            foreach (var user in users)
            {
                if (!user.IsActive || string.IsNullOrWhiteSpace(user.Email))
                {
                    logger.LogWarning("Closing notice for item {Item} not sent to {User}: inactive or no e-mail address.", item.Id, user.Id);
                    continue;
                }

                var mail = await mails.ItemClosedAsync(
                    new MailRecipient(user.DisplayName, user.Culture), item.Id, item.Number, ReminderData.ShortTitle(item.Description), clock.DayOf(now));
                await outbox.EnqueueAsync(
                    db,
                    OutboxMessage.Create($"closed:{item.Id}:{user.Id}:{closing}", "ItemClosed", user.Id, user.Email, user.DisplayName, mail.Subject, mail.Text, mail.Html, now),
                    cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            closed++;
        }

        if (closed > 0)
        {
            logger.LogInformation("Closed {Count} signed-off items.", closed);
        }

        return closed;
    }
}
