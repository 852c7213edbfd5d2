namespace Rectify.Web.Jobs;

/// <summary>
/// The periodic audit anchor (decision 0017): seals, writes the chain's head (entry id, hash, count, time) to the anchor
/// history and mails it to every active administrator through the outbox, so a copy lives where the database's owner cannot
/// reach it. One mail per administrator and head (key <c>audit-anchor:{userId}:{headId}</c>): a run with nothing new sends
/// nothing again.
/// </summary>
public sealed class AuditAnchorRun(
    IDbContextFactory<RectifyDbContext> contexts,
    AuditChain chain,
    AuditAnchors anchors,
    Outbox outbox,
    MailComposer mails,
    ILogger<AuditAnchorRun> logger)
{
    /// <summary>The anchor written (null while the log is empty) and how many mails were enqueued.</summary>
    public async Task<(AuditAnchor? Anchor, int Mailed)> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await chain.SealAsync(cancellationToken);
        if (await chain.HeadAsync(cancellationToken) is not { } head)
        {
            return (null, 0);
        }

        var anchor = head with { At = now, Source = AuditAnchors.HistorySource };
        if (anchors.ReadHistory() is not [.., var last] || last.HeadId != anchor.HeadId)
        {
            anchors.AppendHistory(anchor);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var adminIds = await ReminderData.UserIdsInRoleAsync(db, Roles.Admin, cancellationToken);
        var admins = await db.Users.AsNoTracking().Where(u => adminIds.Contains(u.Id)).OrderBy(u => u.Id).ToListAsync(cancellationToken);
        var mailed = 0;
        foreach (var admin in admins)
        {
            if (string.IsNullOrWhiteSpace(admin.Email))
            {
                logger.LogWarning("Audit anchor not mailed to administrator {User}: no e-mail address.", admin.Id);
                continue;
            }

            var mail = await mails.AuditAnchorAsync(new MailRecipient(admin.DisplayName, admin.Culture), anchor);
            var key = string.Create(CultureInfo.InvariantCulture, $"audit-anchor:{admin.Id}:{anchor.HeadId}");
            if (await outbox.EnqueueAsync(db, OutboxMessage.Create(key, "AuditAnchor", admin.Id, admin.Email, admin.DisplayName, mail.Subject, mail.Text, mail.Html, now), cancellationToken))
            {
                mailed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Audit anchor: entry {Id}, {Count} entries, hash {Hash}; mailed to {Mailed} administrators.", anchor.HeadId, anchor.Count, anchor.HeadHash, mailed);
        return (anchor, mailed);
    }
}
