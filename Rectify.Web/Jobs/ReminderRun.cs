using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using Rectify.Web.Data;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;
using Rectify.Web.Mail;

namespace Rectify.Web.Jobs;

/// <summary>
/// One run of the daily reminders: items → <see cref="ReminderPolicy.DecidePersonal"/> → ONE mail per person (all their sections:
/// overdue, reports missing, waiting for their decision, escalations, due today, due soon) into the outbox, saved
/// <see cref="SaveBatch"/> mails at a time so that the composed mails do not pile up in memory (at 1,000,000 items there
/// are thousands of them). Idempotent per person and day through <see cref="PersonalDigest.IdempotencyKey"/>: a run that
/// stops half-way leaves whole mails in the outbox, and the next run skips exactly those.
/// </summary>
public sealed class ReminderRun(
    IDbContextFactory<RectifyDbContext> contexts,
    Outbox outbox,
    LedgerClock clock,
    IOptions<ReminderSettings> settings,
    ILogger<ReminderRun> logger,
    MailComposer mails)
{
    internal const int SaveBatch = 200;

    public async Task<RunResult> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = clock.DayOf(now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var items = await ReminderData.LoadItemsAsync(db, includeFinished: false, cancellationToken);
        var admins = await ReminderData.UserIdsInRoleAsync(db, Roles.Admin, cancellationToken);
        var optedOut = (await db.Users.AsNoTracking().Where(u => !u.ReceiveDueSoonMail).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();

        var digests = ReminderPolicy.DecidePersonal(items, today, now, settings.Value, new ReminderAudience(admins, optedOut));
        var recipientIds = digests.Select(d => d.RecipientId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => recipientIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsActive, u.Culture }).ToDictionaryAsync(u => u.Id, cancellationToken);

        // Which of today's digests are already in the outbox, in one query (not one query per digest).
        var keys = digests.Select(d => d.IdempotencyKey).ToList();
        var existing = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => keys.Contains(m.IdempotencyKey))
            .Select(m => m.IdempotencyKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        int enqueued = 0, already = 0, skipped = 0;
        foreach (var digest in digests)
        {
            if (existing.Contains(digest.IdempotencyKey))
            {
                already++;
                continue;
            }

            if (!users.TryGetValue(digest.RecipientId, out var user) || !user.IsActive || string.IsNullOrWhiteSpace(user.Email))
            {
                logger.LogWarning("Reminder {Key} not sent: user {User} is unknown, inactive or has no e-mail address.", digest.IdempotencyKey, digest.RecipientId);
                skipped++;
                continue;
            }

            var mail = await mails.DigestAsync(new MailRecipient(user.DisplayName, user.Culture), digest);
            var message = OutboxMessage.Create(
                digest.IdempotencyKey, PersonalDigest.Kind, user.Id, user.Email, user.DisplayName, mail.Subject, mail.Text, mail.Html, now);
            // The database's unique index still refuses a key another run stored meanwhile (Outbox.IsDuplicateKey).
            outbox.EnqueueKnownNew(db, message);
            existing.Add(digest.IdempotencyKey);
            enqueued++;
            if (enqueued % SaveBatch == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Reminders for {Today}: {Enqueued} enqueued, {Already} already enqueued, {Skipped} skipped.", today, enqueued, already, skipped);
        return new RunResult(enqueued, already, skipped);
    }
}
