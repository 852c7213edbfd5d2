namespace Rectify.Web.Evidence;

/// <summary>
/// At start-up (after the database is migrated): deletes uploads that were never completed (<c>*.part</c>: the process died
/// while writing) and moves files that no evidence row refers to (the process died between writing the file and saving the
/// row, or a database was restored from an older backup) into <c>evidence/orphaned/</c>, where an operator can look at
/// them; they are never deleted automatically. Only files untouched for <see cref="EvidenceOptions.CleanupGraceMinutes"/>
/// are considered, so another instance's upload in flight is left alone. With the database store the same is done to its
/// tables (<see cref="DatabaseEvidenceCleanup"/>). Either way, evidence rows whose file the store lacks are logged as an
/// error and kept in <see cref="EvidenceStatus"/>, which readiness (/health/ready) reports: an instance started on a
/// database whose evidence it cannot read says so at start.
/// </summary>
public sealed class EvidenceCleanup(
    EvidenceStore store, IDbContextFactory<Data.RectifyDbContext> dbFactory, IOptions<EvidenceOptions> options, TimeProvider time,
    EvidenceStatus status, ILogger<EvidenceCleanup> logger) : IHostedService
{
    public const string OrphanFolder = "orphaned";

    /// <summary>Missing files named one by one in the log; the rest only counted.</summary>
    private const int MissingLogged = 20;

    public async Task StartAsync(CancellationToken cancellationToken) => await RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<EvidenceCleanupReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var report = store.Blobs.Kind == EvidenceStoreKind.Database
            ? await DatabaseEvidenceCleanup.RunAsync(dbFactory, time.GetUtcNow() - TimeSpan.FromMinutes(options.Value.CleanupGraceMinutes), logger, cancellationToken)
            : await CleanFolderAsync(cancellationToken);
        status.Record(store.Blobs.Kind, report);
        foreach (var key in report.MissingFiles.Take(MissingLogged))
        {
            logger.LogWarning("Evidence record refers to file {Key}, which is missing.", key);
        }

        if (report.Problem is not null)
        {
            logger.LogError("Evidence store ({Store}) cannot be read: {Problem}. Downloads of evidence will fail.", store.Blobs.Kind, report.Problem);
        }
        else if (report.MissingFiles.Count > 0)
        {
            logger.LogError(
                "Evidence store ({Store}) lacks {Missing} of the {Recorded} evidence files this database records; they cannot be downloaded. {Hint}",
                store.Blobs.Kind, report.MissingFiles.Count, report.Recorded, EvidenceStatus.Hint(store.Blobs.Kind));
        }

        return report;
    }

    private async Task<EvidenceCleanupReport> CleanFolderAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = (await db.Set<Domain.Ledger.EvidenceFile>().Select(e => e.StorageKey).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        if (!Directory.Exists(store.Root))
        {
            return new EvidenceCleanupReport(0, 0, keys.Order(StringComparer.Ordinal).ToList(), keys.Count);
        }

        try
        {
            return Clean(keys);
        }
        catch (UnauthorizedAccessException e)
        {
            return new EvidenceCleanupReport(0, 0, [], keys.Count, $"evidence folder not readable ({e.GetType().Name})");
        }
    }

    private EvidenceCleanupReport Clean(HashSet<string> keys)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(options.Value.CleanupGraceMinutes);
        var orphanRoot = Path.Combine(store.Root, OrphanFolder);
        int partial = 0, orphans = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var yearFolder in Directory.GetDirectories(store.Root))
        {
            var year = Path.GetFileName(yearFolder);
            if (year == OrphanFolder)
            {
                continue;
            }

            foreach (var path in Directory.GetFiles(yearFolder))
            {
                var name = Path.GetFileName(path);
                var key = $"{year}/{name}";
                if (keys.Contains(key))
                {
                    seen.Add(key);
                    continue;
                }

                if (File.GetLastWriteTimeUtc(path) > cutoff)
                {
                    continue;
                }

                try
                {
                    if (name.EndsWith(".part", StringComparison.Ordinal))
                    {
                        File.Delete(path);
                        partial++;
                    }
                    else
                    {
                        var target = Path.Combine(orphanRoot, year);
                        Directory.CreateDirectory(target);
                        File.Move(path, Path.Combine(target, name), overwrite: true);
                        orphans++;
                        logger.LogWarning("Evidence file {Key} belongs to no evidence record; moved to {Folder}.", key, Path.Combine(orphanRoot, year));
                    }
                }
                catch (IOException e)
                {
                    logger.LogWarning(e, "Could not clean up evidence file {Path}.", path);
                }
            }
        }

        var missing = keys.Where(k => !seen.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (partial > 0)
        {
            logger.LogInformation("Deleted {Count} incomplete evidence uploads (*.part).", partial);
        }

        return new EvidenceCleanupReport(partial, orphans, missing, keys.Count);
    }
}
