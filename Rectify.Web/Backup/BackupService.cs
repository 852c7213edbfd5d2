using System.Security.Cryptography;
using System.Text.Json;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;

namespace Rectify.Web.Backup;

/// <summary>
/// Online backups while the app runs. SQLite: <c>VACUUM INTO</c> writes a consistent copy of the database without stopping
/// writers; evidence files are copied beside it; the backup is written to a ".partial" folder and renamed when complete, so
/// a crash never leaves a half backup that looks whole. PostgreSQL: the database is backed up with pg_dump
/// (docs/operations.md); this service then copies only the evidence files. With the database evidence store
/// (Evidence:Store = Database) the files are in the database, hence in the SQLite copy or the pg_dump, and no folder is
/// copied. Restore: docs/operations.md.
/// </summary>
public sealed class BackupService(
    IDbContextFactory<RectifyDbContext> dbFactory,
    AuditChain auditChain,
    IOptions<BackupOptions> backupOptions,
    IOptions<RectifyOptions> rectifyOptions,
    IHostEnvironment environment,
    IEvidenceBlobStore evidence,
    Ledger.LedgerClock clock,
    ILogger<BackupService> logger)
{
    public const string DatabaseFile = "rectify.db";
    public const string EvidenceFolder = "evidence";

    private string DataFolder => rectifyOptions.Value.ResolveDataFolder(environment.ContentRootPath);

    public string BackupFolder => backupOptions.Value.ResolveFolder(DataFolder);

    public async Task<BackupInfo> CreateAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.Now;
        var name = "rectify-" + clock.ToLocal(now).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var final = Path.Combine(BackupFolder, name);
        var partial = final + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        Directory.CreateDirectory(partial);
        try
        {
            var info = await WriteAsync(name, partial, now, cancellationToken);
            Directory.Move(partial, final);
            logger.LogInformation("Backup {Name} written ({Bytes} bytes, {Files} evidence files).", name, info.DatabaseBytes, info.EvidenceFiles);
            Prune();
            return info with { Path = final };
        }
        catch
        {
            // Whatever failed, leave no half backup behind (the next run would only delete it anyway).
            TryDelete(partial);
            throw;
        }
    }

    private async Task<BackupInfo> WriteAsync(string name, string partial, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The chain's head before the copy: every entry up to it is in the copy too (entries are only ever added), so the
        // anchor holds for this backup and, kept with it off the machine, for the live database (decision 0017).
        var anchor = await auditChain.HeadAsync(cancellationToken);
        long dbBytes = 0;
        string? dbHash = null;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (db.Database.IsSqlite())
            {
                var target = Path.Combine(partial, DatabaseFile);
                // VACUUM INTO takes a read transaction: a consistent snapshot while others keep writing (WAL).
                await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [target], cancellationToken);
                dbBytes = new FileInfo(target).Length;
                await using var copy = File.OpenRead(target);
                dbHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(copy, cancellationToken));
            }
            else
            {
                logger.LogInformation("Database is not SQLite: back it up with pg_dump (docs/operations.md); copying evidence files only.");
            }
        }

        var (evidenceCount, vanished) = evidence.Kind == EvidenceStoreKind.Database
            ? (await CountDatabaseEvidenceAsync(cancellationToken), 0)
            : CopyEvidence(Path.Combine(DataFolder, EvidenceFolder), Path.Combine(partial, EvidenceFolder), cancellationToken);
        // The key ring too, or restored users would have to sign in again and remembered filters would be unreadable.
        CopyEvidence(Path.Combine(DataFolder, "keys"), Path.Combine(partial, "keys"), cancellationToken);
        var manifest = new
        {
            createdAt = now,
            database = dbBytes > 0 ? DatabaseFile : null,
            databaseSha256 = dbHash,
            evidenceStore = evidence.Kind.ToString(),
            evidenceFiles = evidenceCount,
            evidenceVanished = vanished,
            auditAnchor = anchor is null ? null : AuditAnchors.ToJson(anchor),
        };
        await File.WriteAllTextAsync(Path.Combine(partial, "manifest.json"), JsonSerializer.Serialize(manifest), cancellationToken);
        return new BackupInfo(name, partial, now, dbBytes, evidenceCount);
    }

    /// <summary>The evidence files in the database (in the backup's database file on SQLite; in the pg_dump on PostgreSQL).</summary>
    private async Task<int> CountDatabaseEvidenceAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<EvidenceBlob>().CountAsync(b => b.Complete, cancellationToken);
    }

    private void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not delete the incomplete backup {Folder}.", folder);
        }
        catch (UnauthorizedAccessException ex)
        {
            logger.LogWarning(ex, "Could not delete the incomplete backup {Folder}.", folder);
        }
    }

    public IReadOnlyList<string> List() =>
        Directory.Exists(BackupFolder)
            ? Directory.GetDirectories(BackupFolder, "rectify-*").Where(d => !d.EndsWith(".partial", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];

    private void Prune()
    {
        var all = List();
        foreach (var old in all.Take(Math.Max(0, all.Count - backupOptions.Value.Keep)))
        {
            Directory.Delete(old, recursive: true);
            logger.LogInformation("Deleted old backup {Folder}.", Path.GetFileName(old));
        }
    }

    /// <summary>
    /// Copies every file under <paramref name="source"/>; a file deleted between listing and copying (an upload cancelled, a
    /// cleanup run) is skipped and counted, not a reason to fail the whole backup.
    /// </summary>
    private (int Copied, int Vanished) CopyEvidence(string source, string target, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(source))
        {
            return (0, 0);
        }

        int count = 0, vanished = 0;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Uploads still being written are "<id>.part" files (EvidenceStore renames them when complete): not evidence yet.
            var relative = Path.GetRelativePath(source, file);
            if (relative.EndsWith(".part", StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            try
            {
                File.Copy(file, destination);
                count++;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                logger.LogWarning("Evidence file {File} disappeared while the backup was copying it; not in this backup.", relative);
                vanished++;
            }
        }

        return (count, vanished);
    }
}
