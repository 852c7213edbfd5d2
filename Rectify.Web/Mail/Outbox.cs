using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Rectify.Web.Mail;

/// <summary>
/// The transactional outbox: code that causes a mail enqueues it into its own <see cref="RectifyDbContext"/>, so the mail is
/// committed (or rolled back) together with the change; <see cref="OutboxDispatcher"/> sends it later. Also the
/// administrator's view: counts per state, lists, and retrying a Failed message.
/// </summary>
/// <remarks>
/// Duplicates are refused twice over. <see cref="EnqueueAsync"/> skips a key already tracked by the context or stored in the
/// database, which covers reruns and restarts. Two transactions that check at the same moment can both pass that check;
/// then the unique index on IdempotencyKey makes the second SaveChanges fail with a <see cref="DbUpdateException"/> that
/// <see cref="IsDuplicateKey"/> recognises. The caller retries its unit of work in a fresh context, where the check now
/// skips the message. Jobs run one at a time (DisallowConcurrentExecution), so in practice that path is rare.
/// </remarks>
public sealed class Outbox(IDbContextFactory<RectifyDbContext> contexts, TimeProvider time)
{
    /// <summary>Adds the message to <paramref name="db"/> (not saved); false when one with its key already exists.</summary>
    public async Task<bool> EnqueueAsync(RectifyDbContext db, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var key = message.IdempotencyKey;
        if (db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State != EntityState.Deleted && e.Entity.IdempotencyKey == key))
        {
            return false;
        }

        if (await db.Set<OutboxMessage>().AnyAsync(m => m.IdempotencyKey == key, cancellationToken))
        {
            return false;
        }

        db.Set<OutboxMessage>().Add(message);
        return true;
    }

    /// <summary>
    /// Adds a message whose key the caller has just checked against the database in one query for a whole batch (see
    /// ReminderRun); the unique index on IdempotencyKey still refuses a duplicate written meanwhile.
    /// </summary>
    public void EnqueueKnownNew(RectifyDbContext db, OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        db.Set<OutboxMessage>().Add(message);
    }

    /// <summary>True when SaveChanges failed because another transaction stored a message with the same key first.</summary>
    public static bool IsDuplicateKey(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            // SQLITE_CONSTRAINT_UNIQUE names the column: "UNIQUE constraint failed: OutboxMessages.IdempotencyKey".
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067
                && sqlite.Message.Contains("OutboxMessages.IdempotencyKey", StringComparison.Ordinal),
            // PostgreSQL unique_violation.
            DbException db => db.SqlState == "23505",
            _ => false,
        };
    }

    public async Task<IReadOnlyDictionary<OutboxState, int>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Set<OutboxMessage>()
            .GroupBy(m => m.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return Enum.GetValues<OutboxState>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.State == s)?.Count ?? 0);
    }

    /// <summary>Messages in one state, newest first (detached snapshots).</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState state, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.State == state)
            .OrderByDescending(m => m.Id)
            .Skip(skip)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Puts a Failed message back to Pending, due now, with a fresh attempt count; false if it is not Failed.</summary>
    public async Task<bool> RetryFailedAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.Set<OutboxMessage>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null || !message.RetryNow(time.GetUtcNow()))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
