using System.Diagnostics;
using Rectify.Domain.Reminders;

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
        var started = Stopwatch.GetTimestamp();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var today = clock.DayOf(now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var admins = await ReminderData.UserIdsInRoleAsync(db, Roles.Admin, cancellationToken);
        var optedOut = (await db.Users.AsNoTracking().Where(u => !u.ReceiveDueSoonMail).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();

        // The policy reads the items once, in order: they stream from the query into it (at 1,000,000 items a list of all
        // unfinished ones was ~700,000 objects held only to be read once). EF reads them synchronously here, because the
        // domain's policy takes an IEnumerable; it is one query, once a day, on the job's own thread.
        // Only the items that can get a line today are read (decision 0050).
        var items = await ReminderData.ItemsOfInterestAsync(db, today, settings.Value, cancellationToken);
        var read = 0;
        var digests = ReminderPolicy.DecidePersonal(items.Select(i => { read++; return i; }), today, now, settings.Value, new ReminderAudience(admins, optedOut));
        var decided = Stopwatch.GetElapsedTime(started);
        var cpuDecided = Process.GetCurrentProcess().TotalProcessorTime;
        var recipientIds = digests.Select(d => d.RecipientId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => recipientIds.Contains(u.Id))
            .Select(u => new Addressee(u.Id, u.Email, u.DisplayName, u.IsActive, u.Culture)).ToDictionaryAsync(u => u.Id, cancellationToken);

        // Which of today's digests are already in the outbox, in one query (not one query per digest).
        var keys = digests.Select(d => d.IdempotencyKey).ToList();
        var existing = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => keys.Contains(m.IdempotencyKey))
            .Select(m => m.IdempotencyKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        int already = 0, skipped = 0;
        var due = new List<(PersonalDigest Digest, Addressee User)>();
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

            existing.Add(digest.IdempotencyKey);
            due.Add((digest, user));
        }

        // Composing (a Razor render per mail) is most of the work once the items are read: a batch is composed on every
        // core, then enqueued in the digests' order and saved.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        foreach (var batch in due.Chunk(SaveBatch))
        {
            var composed = new ComposedMail[batch.Length];
            await Parallel.ForAsync(0, batch.Length, parallel, async (i, _) =>
                composed[i] = await mails.DigestAsync(new MailRecipient(batch[i].User.DisplayName, batch[i].User.Culture), batch[i].Digest));
            for (var i = 0; i < batch.Length; i++)
            {
                var (digest, user) = batch[i];
                var mail = composed[i];
                // The database's unique index still refuses a key another run stored meanwhile (Outbox.IsDuplicateKey).
                outbox.EnqueueKnownNew(db, OutboxMessage.Create(
                    digest.IdempotencyKey, PersonalDigest.Kind, user.Id, user.Email!, user.DisplayName, mail.Subject, mail.Text, mail.Html, now));
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var cpuEnd = Process.GetCurrentProcess().TotalProcessorTime;
        logger.LogInformation(
            "Reminders for {Today}: {Enqueued} enqueued, {Already} already enqueued, {Skipped} skipped; {Read} items read; decided in {Decided} ms (process CPU {DecideCpu} ms), composed and saved in {Composed} ms (process CPU {ComposeCpu} ms).",
            today, due.Count, already, skipped, read, (int)decided.TotalMilliseconds, (int)(cpuDecided - cpuAtStart).TotalMilliseconds,
            (int)(Stopwatch.GetElapsedTime(started) - decided).TotalMilliseconds, (int)(cpuEnd - cpuDecided).TotalMilliseconds);
        return new RunResult(due.Count, already, skipped);
    }

    private sealed record Addressee(string Id, string? Email, string DisplayName, bool IsActive, string? Culture);
}
