using System.Security.Cryptography;

namespace Rectify.Web.Evidence;

/// <summary>
/// <c>dotnet Rectify.Web.dll migrate-evidence [--from FOLDER]</c>: copies every evidence file the database records from the
/// evidence folder (default {DataFolder}/evidence) into the database store, and verifies each copy: its length is the one
/// recorded, and the SHA-256 of what the database gives back is that of the file. Files already in the database are
/// left as they are (their length checked), so a second run changes nothing and a run after more uploads copies only
/// those. The folder is never changed. Exit 0 when every recorded file is in the database and verified, 3 when some are
/// missing from the folder or failed verification (named), 2 for bad arguments. Safe while instances run (docs/operations.md).
/// </summary>
public static class MigrateEvidenceCommand
{
    public const string Name = "migrate-evidence";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        // An operator's command: its output in Chinese, from the same text tables as the app (Localization/*/evidence.json).
        var t = services.GetRequiredService<TextCatalog>().For(CultureInfo.GetCultureInfo("zh-CN"));
        var source = services.GetRequiredService<FolderEvidenceBlobStore>().Root;
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--from" && i + 1 < args.Count)
            {
                source = Path.GetFullPath(args[++i]);
                continue;
            }

            await output.WriteLineAsync(t["Evidence.Cli.BadArgument", args[i]]);
            return 2;
        }

        // The schema as a start would leave it (the blob tables may be new), under the same start-up lock.
        await ActivatorUtilities.CreateInstance<DatabaseInitializer>(services).StartAsync(cancellationToken);

        var store = services.GetRequiredService<DatabaseEvidenceBlobStore>();
        List<(string Key, long Size)> recorded;
        await using (var db = await services.GetRequiredService<IDbContextFactory<RectifyDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            recorded = (await db.Set<EvidenceFile>().OrderBy(e => e.StorageKey).Select(e => new { e.StorageKey, e.Size }).ToListAsync(cancellationToken))
                .Select(e => (e.StorageKey, e.Size)).Distinct().ToList();
        }

        await output.WriteLineAsync(t["Evidence.Cli.Recorded", recorded.Count, source]);
        int copied = 0, already = 0;
        var problems = new List<string>();
        foreach (var (key, size) in recorded)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!EvidenceKey.IsValid(key))
            {
                problems.Add(t["Evidence.Cli.BadKey", key]);
                continue;
            }

            if (await store.FindAsync(key, cancellationToken) is { } present)
            {
                if (present.Length == size)
                {
                    already++;
                }
                else
                {
                    problems.Add(t["Evidence.Cli.LengthDiffers", key, present.Length, size]);
                }

                continue;
            }

            var path = Path.Combine(source, key.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(path))
            {
                problems.Add(t["Evidence.Cli.MissingInFolder", key]);
                continue;
            }

            string fileHash;
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            {
                fileHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
                file.Position = 0;
                await store.WriteAsync(key, file, cancellationToken);
            }

            var problem = await VerifyAsync(t, store, key, size, fileHash, cancellationToken);
            if (problem is null)
            {
                copied++;
            }
            else
            {
                await store.DeleteAsync(key);
                problems.Add(t["Evidence.Cli.RemovedAgain", key, problem]);
            }
        }

        await output.WriteLineAsync(t["Evidence.Cli.Summary", copied, already, problems.Count]);
        foreach (var problem in problems)
        {
            await output.WriteLineAsync("  " + problem);
        }

        if (problems.Count > 0)
        {
            return 3;
        }

        await output.WriteLineAsync(t["Evidence.Cli.Done"]);
        return 0;
    }

    /// <summary>Null when the database gives back exactly the file: the recorded length and the file's SHA-256.</summary>
    private static async Task<string?> VerifyAsync(IStringLocalizer<Text> t, DatabaseEvidenceBlobStore store, string key, long size, string fileHash, CancellationToken cancellationToken)
    {
        var blob = await store.FindAsync(key, cancellationToken);
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        if (blob is null || stream is null)
        {
            return t["Evidence.Cli.NotReadBack"];
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        var readBack = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (total != size || blob.Length != size)
        {
            return t["Evidence.Cli.ReadBackLength", total, size];
        }

        return readBack == fileHash && blob.Sha256 == fileHash ? null : t["Evidence.Cli.HashDiffers"].Value;
    }
}
