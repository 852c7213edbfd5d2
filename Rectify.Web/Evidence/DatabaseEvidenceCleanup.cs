using System.Data.Common;

namespace Rectify.Web.Evidence;

/// <summary>
/// The start-up cleanup of the database store: deletes blobs never completed (the process died mid-upload) and older than the
/// cutoff, counts complete blobs no evidence row refers to (left alone, like the folder store's orphans), and lists the
/// evidence rows without a complete blob. A missing or unreadable table is reported as the problem, not thrown.
/// </summary>
public static class DatabaseEvidenceCleanup
{
    public static async Task<EvidenceCleanupReport> RunAsync(
        IDbContextFactory<RectifyDbContext> dbFactory, DateTimeOffset cutoff, ILogger logger, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recorded = await db.Set<EvidenceFile>().CountAsync(cancellationToken);
        try
        {
            var blobs = db.Set<EvidenceBlob>();
            var stale = blobs.Where(b => !b.Complete && b.CreatedAt < cutoff).Select(b => b.StorageKey);
            await db.Set<EvidenceBlobChunk>().Where(c => stale.Contains(c.StorageKey)).ExecuteDeleteAsync(cancellationToken);
            var partial = await blobs.Where(b => !b.Complete && b.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            if (partial > 0)
            {
                logger.LogInformation("Deleted {Count} incomplete evidence uploads from the database.", partial);
            }

            var orphans = await blobs.CountAsync(b => b.Complete && b.CreatedAt < cutoff && !db.Set<EvidenceFile>().Any(e => e.StorageKey == b.StorageKey), cancellationToken);
            if (orphans > 0)
            {
                logger.LogWarning("{Count} evidence blobs in the database belong to no evidence record (left in place).", orphans);
            }

            var missing = await db.Set<EvidenceFile>()
                .Where(e => !blobs.Any(b => b.StorageKey == e.StorageKey && b.Complete))
                .Select(e => e.StorageKey).OrderBy(k => k).ToListAsync(cancellationToken);
            return new EvidenceCleanupReport(partial, orphans, missing, recorded);
        }
        catch (DbException e)
        {
            return new EvidenceCleanupReport(0, 0, [], recorded, $"evidence table not readable ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
    }
}
