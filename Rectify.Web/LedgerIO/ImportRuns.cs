using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Rectify.Web.Auditing;
using Rectify.Web.Data;
using Rectify.Web.Ledger;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Undoes import runs that did not complete (docs/decisions/0023-imports-in-short-transactions.md). An import writes its items
/// in short transactions, each item marked with the run's id (<see cref="ItemRunId"/>); until the run publishes them they
/// cannot be changed by anyone. A cancelled or failed run is rolled back by the importer itself; a run whose process died is
/// rolled back by <see cref="ImportRecovery"/>. Rolling back removes the run's items (their measures go with them), the
/// problem list if the run created it, and the run's record, in short transactions, and writes one audit entry saying so:
/// the audit log keeps the entries of the removed items, so the hash chain stays whole and tells what happened.
/// </summary>
public sealed class ImportRuns(IDbContextFactory<RectifyDbContext> dbFactory, LedgerClock clock, ILogger<ImportRuns> logger)
{
    /// <summary>The shadow column of RectificationItems naming the unfinished run that wrote the item (null once published).</summary>
    public const string ItemRunId = "ImportRunId";

    public const string RolledBackAction = "import.rolled_back";

    private const int DeleteBatch = 500;

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether the item belongs to an import run that has not published it yet.</summary>
    public static bool IsUnpublished(RectifyDbContext db, RectificationItem item) =>
        db.Entry(item).Property<Guid?>(ItemRunId).CurrentValue is not null;

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
