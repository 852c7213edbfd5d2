using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rectify.Web.Data;

namespace Rectify.Web.Auditing;

/// <summary>The result of checking the chain: how many entries were verified and the first one that does not fit, if any.</summary>
public sealed record AuditVerification(int Checked, int Unsealed, long? FirstBrokenId, string? Problem)
{
    public bool Intact => FirstBrokenId is null;
}

/// <summary>
/// Makes the audit log tamper-evident: entries are sealed in id order, each with the SHA-256 of its content and of the previous
/// entry's hash. Editing, deleting or inserting a row by hand breaks the chain at that row, and <see cref="VerifyAsync"/>
/// names the first broken entry. Sealing runs after saves (a job seals every few seconds) under a database-wide lock so two
/// app instances never fork the chain. What the chain cannot prove: entries not yet sealed, or a complete rewrite of the chain
/// by someone who can also run this code (keep backups; see docs/operations.md).
/// </summary>
public sealed class AuditChain(IDbContextFactory<RectifyDbContext> dbFactory, ILogger<AuditChain> logger)
{
    private const int Batch = 2000;

    /// <summary>
    /// The PostgreSQL advisory lock (key 7368657271) that orders sealing after every transaction that inserted audit entries:
    /// taken shared by each such transaction (RectifyDbContext), exclusively by the sealer.
    /// </summary>
    public const string SharedLockSql = "SELECT pg_advisory_xact_lock_shared(7368657271)";

    private const string ExclusiveLockSql = "SELECT pg_advisory_xact_lock(7368657271)";
    private static readonly SemaphoreSlim LocalLock = new(1, 1);

    /// <summary>Seals every entry written so far; returns how many were sealed.</summary>
    public async Task<int> SealAsync(CancellationToken cancellationToken = default)
    {
        await LocalLock.WaitAsync(cancellationToken);
        try
        {
            var total = 0;
            while (true)
            {
                var sealedNow = await SealBatchAsync(cancellationToken);
                total += sealedNow;
                if (sealedNow < Batch)
                {
                    return total;
                }
            }
        }
        finally
        {
            LocalLock.Release();
        }
    }

    private async Task<int> SealBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // Exclusive: one sealer at a time across instances, and it waits until every transaction that took an audit id
            // (they hold the lock shared, see RectifyDbContext) has ended, so no lower id can still commit behind the head.
            // SQLite's transaction already holds the single write lock.
            await db.Database.ExecuteSqlRawAsync(ExclusiveLockSql, cancellationToken);
        }
        else
        {
            // Take SQLite's write lock now, before reading the chain's head, so no other writer seals in between.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Hash\" = \"Hash\" WHERE 0", cancellationToken);
        }

        var unsealed = await db.AuditEntries.Where(a => a.Hash == null).OrderBy(a => a.Id).Take(Batch).ToListAsync(cancellationToken);
        if (unsealed.Count == 0)
        {
            return 0;
        }

        var previous = await db.AuditEntries.Where(a => a.Hash != null && a.Id < unsealed[0].Id)
            .OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefaultAsync(cancellationToken) ?? "";
        foreach (var entry in unsealed)
        {
            entry.PreviousHash = previous;
            entry.Hash = Compute(entry, previous);
            previous = entry.Hash;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogDebug("Sealed {Count} audit entries.", unsealed.Count);
        return unsealed.Count;
    }

    /// <summary>Recomputes the whole chain in id order and reports the first entry that does not match.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var previous = "";
        var checkedCount = 0;
        var unsealedCount = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Hash is null)
            {
                unsealedCount++;
                continue;
            }

            if (unsealedCount > 0)
            {
                return new AuditVerification(checkedCount, unsealedCount, entry.Id, "此记录之前存在未封存的记录（记录可能被插入）。");
            }

            if (entry.PreviousHash != previous)
            {
                return new AuditVerification(checkedCount, unsealedCount, entry.Id, "与前一条记录的链接不符（之前的记录可能被删除或修改）。");
            }

            if (Compute(entry, previous) != entry.Hash)
            {
                return new AuditVerification(checkedCount, unsealedCount, entry.Id, "记录内容与其哈希不符（此记录可能被修改）。");
            }

            previous = entry.Hash;
            checkedCount++;
        }

        return new AuditVerification(checkedCount, unsealedCount, null, null);
    }

    public static string Compute(AuditEntry e, string previousHash)
    {
        var canonical = string.Join('\u001f',
            e.Id.ToString(CultureInfo.InvariantCulture), e.EntityType, e.EntityId, e.Action, e.ActorId, e.ActorName,
            e.At.UtcTicks.ToString(CultureInfo.InvariantCulture), e.Before ?? "\u0000", e.After ?? "\u0000", e.Comment ?? "\u0000", previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
