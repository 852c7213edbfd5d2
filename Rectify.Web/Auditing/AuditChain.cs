using System.Security.Cryptography;
using System.Text;

namespace Rectify.Web.Auditing;

/// <summary>
/// Makes the audit log tamper-evident: entries are sealed in id order, each with the SHA-256 of its content and of the previous
/// entry's hash. Editing, deleting or inserting a row by hand breaks the chain at that row, and <see cref="VerifyAsync"/>
/// names the first broken entry. Sealing runs after saves (a job seals every few seconds) under a database-wide lock so two
/// app instances never fork the chain. The chain alone cannot show that its newest entries were deleted, or cleared, edited
/// and sealed again: so every sealing run writes the head down outside the table (<see cref="AuditAnchors"/>, decision 0017),
/// backups and the periodic anchor mail carry it too, and verification compares the table with every anchor it knows.
/// The sealer never seals again an entry at or below the latest anchor: a cleared seal stays visible.
/// </summary>
public sealed class AuditChain(IDbContextFactory<RectifyDbContext> dbFactory, AuditAnchors anchors, TimeProvider time, ILogger<AuditChain> logger, IStringLocalizer<Text> text)
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
            var latest = anchors.ReadLatest();
            var total = 0;
            while (true)
            {
                var sealedNow = await SealBatchAsync(latest?.HeadId ?? 0, cancellationToken);
                total += sealedNow;
                if (sealedNow < Batch)
                {
                    break;
                }
            }

            if (total > 0 || latest is null)
            {
                if (await HeadAsync(cancellationToken) is { } head)
                {
                    anchors.WriteLatest(head with { Source = AuditAnchors.LatestSource });
                }
            }

            return total;
        }
        finally
        {
            LocalLock.Release();
        }
    }

    /// <summary>The newest sealed entry as an anchor (null while nothing is sealed).</summary>
    public async Task<AuditAnchor?> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var head = await db.AuditEntries.AsNoTracking().Where(a => a.Hash != null).OrderByDescending(a => a.Id)
            .Select(a => new { a.Id, a.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return null;
        }

        var count = await db.AuditEntries.LongCountAsync(a => a.Hash != null && a.Id <= head.Id, cancellationToken);
        return new AuditAnchor(head.Id, head.Hash!, count, time.GetUtcNow());
    }

    private async Task<int> SealBatchAsync(long anchoredHeadId, CancellationToken cancellationToken)
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

        if (unsealed[0].Id <= anchoredHeadId)
        {
            // It was sealed before (the latest anchor covers it), so someone cleared its seal: sealing it again would hide that.
            logger.LogError("Audit entry {Id} has lost its seal although the latest anchor (entry {Head}) covers it; not sealing. Check the audit log (verify-audit).",
                unsealed[0].Id, anchoredHeadId);
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

    /// <summary>
    /// Recomputes the whole chain in id order and reports the first entry that does not match, comparing it with every known
    /// anchor (<see cref="AuditAnchors.ReadAll"/>) and <paramref name="extraAnchors"/> (e.g. one from a mail).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(IEnumerable<AuditAnchor>? extraAnchors = null, CancellationToken cancellationToken = default)
    {
        var known = anchors.ReadAll().Concat(extraAnchors ?? []).ToList();
        var byHead = known.ToLookup(a => a.HeadId);
        var highestAnchored = known.Count == 0 ? 0 : known.Max(a => a.HeadId);
        var seen = new HashSet<long>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var previous = "";
        var checkedCount = 0;
        var unsealedCount = 0;
        AuditAnchor? head = null;
        AuditVerification Broken(long id, string problem) => new(checkedCount, unsealedCount, id, problem, known.Count, head);

        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Hash is null)
            {
                if (entry.Id <= highestAnchored)
                {
                    var covering = known.Where(a => a.HeadId >= entry.Id).MinBy(a => a.HeadId)!;
                    return Broken(entry.Id, Format("AuditLog.Problem.SealRemoved", Describe(covering)));
                }

                unsealedCount++;
                continue;
            }

            if (unsealedCount > 0)
            {
                return Broken(entry.Id, text["AuditLog.Problem.Inserted"]);
            }

            if (entry.PreviousHash != previous)
            {
                return Broken(entry.Id, text["AuditLog.Problem.Link"]);
            }

            if (Compute(entry, previous) != entry.Hash)
            {
                return Broken(entry.Id, text["AuditLog.Problem.Content"]);
            }

            previous = entry.Hash;
            checkedCount++;
            head = new AuditAnchor(entry.Id, entry.Hash, checkedCount, entry.At);
            foreach (var anchor in byHead[entry.Id])
            {
                seen.Add(entry.Id);
                if (!string.Equals(anchor.HeadHash, entry.Hash, StringComparison.OrdinalIgnoreCase))
                {
                    return Broken(entry.Id, Format("AuditLog.Problem.AnchorMismatch", Describe(anchor)));
                }

                if (anchor.Count > 0 && anchor.Count != checkedCount)
                {
                    return Broken(entry.Id, Format("AuditLog.Problem.AnchorCount", Describe(anchor), anchor.Count, checkedCount));
                }
            }
        }

        // An anchor whose head entry is gone: the entries from there on were deleted (the chain itself still fits).
        if (known.Where(a => !seen.Contains(a.HeadId)).MinBy(a => a.HeadId) is { } missing)
        {
            return Broken(missing.HeadId, Format("AuditLog.Problem.Truncated", Describe(missing)));
        }

        return new AuditVerification(checkedCount, unsealedCount, null, null, known.Count, head);
    }

    /// <summary>"最近一次封存（2026-12-07 01:30 UTC）" etc.: which anchor, for messages.</summary>
    public string Describe(AuditAnchor anchor)
    {
        var where = anchor.Source switch
        {
            AuditAnchors.LatestSource => text["AuditLog.Anchor.Latest"].Value,
            AuditAnchors.HistorySource => text["AuditLog.Anchor.History"].Value,
            GivenSource => text["AuditLog.Anchor.Given"].Value,
            var backup => Format("AuditLog.Anchor.Backup", backup),
        };
        return anchor.At == DateTimeOffset.MinValue
            ? Format("AuditLog.Anchor.Short", where, anchor.HeadId)
            : Format("AuditLog.Anchor.Full", where, anchor.HeadId, anchor.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
    }

    /// <summary>Source of anchors typed in by an operator (verify-audit --anchor).</summary>
    public const string GivenSource = "given";

    private string Format(string key, params object[] args) => text[key, args];

    public static string Compute(AuditEntry e, string previousHash)
    {
        var canonical = string.Join('\u001f',
            e.Id.ToString(CultureInfo.InvariantCulture), e.EntityType, e.EntityId, e.Action, e.ActorId, e.ActorName,
            e.At.UtcTicks.ToString(CultureInfo.InvariantCulture), e.Before ?? "\u0000", e.After ?? "\u0000", e.Comment ?? "\u0000", previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
