using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;

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
        var source = services.GetRequiredService<FolderEvidenceBlobStore>().Root;
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--from" && i + 1 < args.Count)
            {
                source = Path.GetFullPath(args[++i]);
                continue;
            }

            await output.WriteLineAsync($"无法识别的参数：{args[i]}（用法：migrate-evidence [--from 佐证材料文件夹]）");
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

        await output.WriteLineAsync($"数据库记录了 {recorded.Count} 个佐证材料文件；从 {source} 迁入数据库。");
        int copied = 0, already = 0;
        var problems = new List<string>();
        foreach (var (key, size) in recorded)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!EvidenceKey.IsValid(key))
            {
                problems.Add($"{key}：存储键无效");
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
                    problems.Add($"{key}：数据库中已有，但长度 {present.Length} 与记录的 {size} 不符");
                }

                continue;
            }

            var path = Path.Combine(source, key.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(path))
            {
                problems.Add($"{key}：文件夹中没有此文件");
                continue;
            }

            string fileHash;
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            {
                fileHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
                file.Position = 0;
                await store.WriteAsync(key, file, cancellationToken);
            }

            var problem = await VerifyAsync(store, key, size, fileHash, cancellationToken);
            if (problem is null)
            {
                copied++;
            }
            else
            {
                await store.DeleteAsync(key);
                problems.Add($"{key}：{problem}，已从数据库删除，文件保留");
            }
        }

        await output.WriteLineAsync($"已迁入并校验 {copied} 个，此前已在数据库中 {already} 个，有问题 {problems.Count} 个。");
        foreach (var problem in problems)
        {
            await output.WriteLineAsync("  " + problem);
        }

        if (problems.Count > 0)
        {
            return 3;
        }

        await output.WriteLineAsync("全部佐证材料已在数据库中。设置 Evidence:Store=Database 后重启各实例；文件夹未改动，确认无误后可另行归档。");
        return 0;
    }

    /// <summary>Null when the database gives back exactly the file: the recorded length and the file's SHA-256.</summary>
    private static async Task<string?> VerifyAsync(DatabaseEvidenceBlobStore store, string key, long size, string fileHash, CancellationToken cancellationToken)
    {
        var blob = await store.FindAsync(key, cancellationToken);
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        if (blob is null || stream is null)
        {
            return "写入后读不到";
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
            return $"长度 {total} 与记录的 {size} 不符";
        }

        return readBack == fileHash && blob.Sha256 == fileHash ? null : "内容校验（SHA-256）不符";
    }
}
