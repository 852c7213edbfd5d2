using System.Text.Json;
using Rectify.Domain;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// The transactions of an import run (docs/decisions/0023-imports-in-short-transactions.md), from its start to its publication
/// or its roll-back. <see cref="StartAsync"/> records the run (and creates a new list) in one short transaction;
/// <see cref="WriteAndPublishAsync"/> writes the items in batches of <see cref="SaveBatch"/>, one short transaction each,
/// each item marked with the run's id (<see cref="ItemRunId"/>) so that nobody can change it until the last short transaction
/// publishes them all at once. A cancelled or failed run is rolled back by the importer (<see cref="RollBackAsync"/>); a run
/// whose process died is rolled back by <see cref="ImportRecovery"/>. Rolling back removes the run's items (their measures go with them), the
/// problem list if the run created it, and the run's record, in short transactions, and writes one audit entry saying so:
/// the audit log keeps the entries of the removed items, so the hash chain stays whole and tells what happened.
/// </summary>
public sealed class ImportRuns(IDbContextFactory<RectifyDbContext> dbFactory, LedgerClock clock, ILogger<ImportRuns> logger)
{
    /// <summary>The shadow column of RectificationItems naming the unfinished run that wrote the item (null once published).</summary>
    public const string ItemRunId = "ImportRunId";

    public const string RolledBackAction = "import.rolled_back";

    private const int DeleteBatch = 500;

    /// <summary>Items written per transaction: a few hundred keep each hold of SQLite's write lock to tens of milliseconds.</summary>
    private const int SaveBatch = 200;

    /// <summary>
    /// On SQLite, the pause after each batch: a writer kept waiting by a batch retries every 150 ms (Microsoft.Data.Sqlite's
    /// busy loop), so a longer pause lets every waiting writer in before the next batch, instead of only the lucky ones.
    /// PostgreSQL locks rows, not the database: no pause there.
    /// </summary>
    private static readonly TimeSpan SqliteBatchPause = TimeSpan.FromMilliseconds(200);

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether the item belongs to an import run that has not published it yet.</summary>
    public static bool IsUnpublished(RectifyDbContext db, RectificationItem item) =>
        db.Entry(item).Property<Guid?>(ItemRunId).CurrentValue is not null;

    /// <summary>The latest run of the file with this SHA-256 that is running or completed (one rolling back does not count).</summary>
    public static Task<PreviousImport?> PreviousAsync(RectifyDbContext db, string sha256, CancellationToken cancellationToken) =>
        (from r in db.Set<ImportRecord>()
         join l in db.ProblemLists on r.ProblemListId equals l.Id
         where r.Sha256 == sha256 && r.State != ImportState.RollingBack
         orderby r.ImportedAt
         select new PreviousImport(r.ImportedAt, l.Title, r.State))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// One short transaction: the file's hash checked again (so two administrators importing one file cannot both succeed),
    /// the list found or created, the planned items the list already has left out, the run recorded as running.
    /// </summary>
    public async Task<(StartedRun? Run, PreviousImport? Previous)> StartAsync(
        Guid runId, ImportCheck check, ImportTarget target, AccessContext access, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Take the write lock before reading, so no other import of the same file records itself in between.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"ImportRecords\" SET \"State\" = \"State\" WHERE 0", cancellationToken);
        }

        if (check.Sha256 is { } hash && await PreviousAsync(db, hash, cancellationToken) is { } previous)
        {
            return (null, previous);
        }

        ProblemList list;
        if (target.ExistingListId is { } listId)
        {
            list = await db.ProblemLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, cancellationToken)
                ?? throw new DomainException("import.list.missing");
        }
        else
        {
            list = ProblemList.Create(access, target.NewTitle ?? "", target.NewSource, target.NewDate, target.NewIssuingOrganizationId, now);
            db.ProblemLists.Add(list);
        }

        var existing = await db.Items.Where(i => i.ProblemListId == list.Id).Select(i => new { i.Number, i.Description }).ToListAsync(cancellationToken);
        var known = existing.Select(e => ImportRowChecker.Key(e.Description)).ToHashSet(StringComparer.Ordinal);
        var planned = check.Items.Where(p => !known.Contains(ImportRowChecker.Key(p.Details.Description))).ToList();
        var skipped = check.Skipped.Count + (check.Items.Count - planned.Count);
        db.Set<ImportRecord>().Add(new ImportRecord
        {
            Id = runId,
            Sha256 = check.Sha256,
            FileName = check.FileName.Length <= LedgerLimits.FileName ? check.FileName : check.FileName[..LedgerLimits.FileName],
            ProblemListId = list.Id,
            ImportedBy = access.Actor.UserId,
            ImportedAt = now,
            SkippedCount = skipped,
            State = ImportState.Running,
            HeartbeatAt = now,
            CreatedList = target.ExistingListId is null,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var firstSequence = ItemNumber.NextSequence(list.NumberPrefix, existing.Select(e => e.Number));
        return (new StartedRun(runId, list, firstSequence, planned, skipped, db.Database.IsSqlite()), null);
    }

    /// <summary>
    /// Writes the run's items in batches of <see cref="SaveBatch"/>, one short transaction each (other users' writes get in
    /// between; on SQLite after a pause of <see cref="SqliteBatchPause"/>), then publishes them all in one short transaction.
    /// Throws <see cref="ImportAbandonedException"/> when the run is found no longer running; the caller rolls it back.
    /// </summary>
    public async Task WriteAndPublishAsync(
        StartedRun run, IReadOnlyList<RectificationItem> items, IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new LedgerProgress(LedgerPhase.Saving, 0, items.Count));
        var done = 0;
        var pause = run.Sqlite ? SqliteBatchPause : TimeSpan.Zero;
        foreach (var chunk in items.Chunk(SaveBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (done > 0 && pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }

            await WriteBatchAsync(run.Id, chunk, cancellationToken);
            done += chunk.Length;
            progress?.Report(new LedgerProgress(LedgerPhase.Saving, done, items.Count));
        }

        cancellationToken.ThrowIfCancellationRequested();
        await PublishAsync(run.Id, items.Count, run.Skipped, cancellationToken);
    }

    /// <summary>One short transaction: the run's heartbeat (refused when the run is no longer running), then a batch of items.</summary>
    private async Task WriteBatchAsync(Guid runId, IReadOnlyList<RectificationItem> chunk, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await HeartbeatAsync(db, runId, cancellationToken);
        foreach (var item in chunk)
        {
            db.Items.Add(item);
            db.Entry(item).Property<Guid?>(ItemRunId).CurrentValue = runId;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One short transaction: every item of the run becomes an ordinary item, and the run is recorded as completed.</summary>
    private async Task PublishAsync(Guid runId, int created, int skipped, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await HeartbeatAsync(db, runId, cancellationToken);
        await db.Items.Where(i => EF.Property<Guid?>(i, ItemRunId) == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => EF.Property<Guid?>(i, ItemRunId), (Guid?)null), cancellationToken);
        await db.Set<ImportRecord>().Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ImportState.Completed).SetProperty(r => r.CreatedCount, created).SetProperty(r => r.SkippedCount, skipped), cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task HeartbeatAsync(RectifyDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var alive = await db.Set<ImportRecord>().Where(r => r.Id == runId && r.State == ImportState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        if (alive == 0)
        {
            throw new ImportAbandonedException(runId);
        }
    }

    /// <summary>
    /// Rolls the run back; returns how many items were removed, or null when there was nothing to roll back (the run
    /// completed, or another caller has already removed it). Safe to call again after a crash in the middle.
    /// </summary>
    public async Task<int?> RollBackAsync(Guid runId, string reason, CancellationToken cancellationToken = default)
    {
        ImportRecord? run;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // From now on the run's own batches find it no longer running and stop (they check it in each transaction).
            var marked = await db.Set<ImportRecord>()
                .Where(r => r.Id == runId && (r.State == ImportState.Running || r.State == ImportState.RollingBack))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ImportState.RollingBack), cancellationToken);
            if (marked == 0)
            {
                return null;
            }

            run = await db.Set<ImportRecord>().AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        }

        var removed = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var ids = await db.Items.Where(i => EF.Property<Guid?>(i, ItemRunId) == runId).Select(i => i.Id).Take(DeleteBatch).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            // Measures (and anything else the items own) are removed by the database's ON DELETE CASCADE.
            removed += await db.Items.Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Set<ImportRecord>().Where(r => r.Id == runId).ExecuteDeleteAsync(cancellationToken);
            var listRemoved = false;
            if (run.CreatedList && !await db.Items.AnyAsync(i => i.ProblemListId == run.ProblemListId, cancellationToken)
                && !await db.Set<ImportRecord>().AnyAsync(r => r.ProblemListId == run.ProblemListId, cancellationToken))
            {
                listRemoved = await db.ProblemLists.Where(l => l.Id == run.ProblemListId).ExecuteDeleteAsync(cancellationToken) > 0;
            }

            var actorName = await db.Users.Where(u => u.Id == run.ImportedBy).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? run.ImportedBy;
            db.AuditEntries.Add(new AuditEntry
            {
                EntityType = nameof(ProblemList),
                EntityId = run.ProblemListId.ToString(),
                Action = RolledBackAction,
                ActorId = run.ImportedBy,
                ActorName = actorName,
                At = clock.Now,
                After = JsonSerializer.Serialize(new { Run = runId, run.FileName, RemovedItems = removed, ListRemoved = listRemoved }, Json),
                Comment = reason,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogWarning("Import run {Run} ({File}) rolled back ({Reason}): {Removed} items removed, list removed: {ListRemoved}.",
                runId, run.FileName, reason, removed, listRemoved);
        }

        return removed;
    }

    /// <summary>Rolls back every run not completed whose heartbeat is older than <paramref name="staleAfter"/>; returns how many.</summary>
    public async Task<int> RecoverAsync(TimeSpan staleAfter, CancellationToken cancellationToken = default)
    {
        List<Guid> stale;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var cutoff = clock.Now - staleAfter;
            stale = await db.Set<ImportRecord>()
                .Where(r => r.State != ImportState.Completed && r.HeartbeatAt <= cutoff)
                .Select(r => r.Id).ToListAsync(cancellationToken);
        }

        var count = 0;
        foreach (var id in stale)
        {
            if (await RollBackAsync(id, "abandoned", cancellationToken) is not null)
            {
                count++;
            }
        }

        return count;
    }
}
