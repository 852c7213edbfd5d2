using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Web.Data;
using Rectify.Web.Hosting;

namespace Rectify.Web.Backup;

public sealed record BackupInfo(string Name, string Path, DateTimeOffset CreatedAt, long DatabaseBytes, int EvidenceFiles);

/// <summary>
/// Online backups while the app runs. SQLite: <c>VACUUM INTO</c> writes a consistent copy of the database without stopping
/// writers; evidence files are copied beside it; the backup is written to a ".partial" folder and renamed when complete, so
/// a crash never leaves a half backup that looks whole. PostgreSQL: the database is backed up with pg_dump
/// (docs/operations.md); this service then copies only the evidence files. Restore: docs/operations.md.
/// </summary>
public sealed class BackupService(
    IDbContextFactory<RectifyDbContext> dbFactory,
    IOptions<BackupOptions> backupOptions,
    IOptions<RectifyOptions> rectifyOptions,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<BackupService> logger)
{
    public const string DatabaseFile = "rectify.db";
    public const string EvidenceFolder = "evidence";

    private string DataFolder => rectifyOptions.Value.ResolveDataFolder(environment.ContentRootPath);

    public string BackupFolder =>
        Path.IsPathRooted(backupOptions.Value.Folder) ? backupOptions.Value.Folder : Path.Combine(DataFolder, backupOptions.Value.Folder);

    public async Task<BackupInfo> CreateAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var name = "rectify-" + TimeZoneInfo.ConvertTime(now, rectifyOptions.Value.Zone).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var final = Path.Combine(BackupFolder, name);
        var partial = final + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        Directory.CreateDirectory(partial);
        long dbBytes = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (db.Database.IsSqlite())
            {
                var target = Path.Combine(partial, DatabaseFile);
                // VACUUM INTO takes a read transaction: a consistent snapshot while others keep writing (WAL).
                await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [target], cancellationToken);
                dbBytes = new FileInfo(target).Length;
            }
            else
            {
                logger.LogInformation("Database is not SQLite: back it up with pg_dump (docs/operations.md); copying evidence files only.");
            }
        }

        var evidenceCount = CopyEvidence(Path.Combine(DataFolder, EvidenceFolder), Path.Combine(partial, EvidenceFolder), cancellationToken);
        // The key ring too, or restored users would have to sign in again and remembered filters would be unreadable.
        CopyEvidence(Path.Combine(DataFolder, "keys"), Path.Combine(partial, "keys"), cancellationToken);
        var manifest = new
        {
            createdAt = now,
            database = dbBytes > 0 ? DatabaseFile : null,
            databaseSha256 = dbBytes > 0 ? Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(Path.Combine(partial, DatabaseFile)), cancellationToken)) : null,
            evidenceFiles = evidenceCount,
        };
        await File.WriteAllTextAsync(Path.Combine(partial, "manifest.json"), JsonSerializer.Serialize(manifest), cancellationToken);
        Directory.Move(partial, final);
        logger.LogInformation("Backup {Name} written ({Bytes} bytes, {Files} evidence files).", name, dbBytes, evidenceCount);
        Prune();
        return new BackupInfo(name, final, now, dbBytes, evidenceCount);
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

    private static int CopyEvidence(string source, string target, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(source))
        {
            return 0;
        }

        var count = 0;
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
            File.Copy(file, destination);
            count++;
        }

        return count;
    }

    /// <summary>Checks a backup's database with SQLite's own integrity check (used by tests and by operators before restoring).</summary>
    public static async Task<string> IntegrityCheckAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
