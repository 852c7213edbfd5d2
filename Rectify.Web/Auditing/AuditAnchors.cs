using System.Text.Json;
using Rectify.Web.Backup;
using Rectify.Web.Hosting;

namespace Rectify.Web.Auditing;

/// <summary>
/// Where audit anchors are kept outside the database (decision 0017): <c>DataFolder/audit-anchors/latest.json</c> (the head
/// after every sealing run), <c>history.jsonl</c> (the periodic anchors, also mailed to administrators) and every backup's
/// <c>manifest.json</c>. <see cref="AuditChain.VerifyAsync"/> compares the table against all of them.
/// </summary>
public sealed class AuditAnchors(
    IOptions<RectifyOptions> rectifyOptions,
    IOptions<BackupOptions> backupOptions,
    IHostEnvironment environment,
    ILogger<AuditAnchors> logger)
{
    public const string FolderName = "audit-anchors";
    public const string LatestSource = "latest";
    public const string HistorySource = "history";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lock FileLock = new();

    private string DataFolder => rectifyOptions.Value.ResolveDataFolder(environment.ContentRootPath);

    public string Folder => Path.Combine(DataFolder, FolderName);

    private string LatestFile => Path.Combine(Folder, "latest.json");

    private string HistoryFile => Path.Combine(Folder, "history.jsonl");

    public AuditAnchor? ReadLatest() => ReadAnchorFile(LatestFile, LatestSource);

    /// <summary>Replaces latest.json with <paramref name="anchor"/> unless it already holds a later head (another instance's).</summary>
    public void WriteLatest(AuditAnchor anchor)
    {
        lock (FileLock)
        {
            if (ReadLatest() is { } current && current.HeadId >= anchor.HeadId)
            {
                return;
            }

            Directory.CreateDirectory(Folder);
            // Write then rename: a reader never sees half a file, and a crash leaves the previous anchor.
            var temporary = LatestFile + ".tmp";
            File.WriteAllText(temporary, Serialize(anchor));
            File.Move(temporary, LatestFile, overwrite: true);
        }
    }

    public void AppendHistory(AuditAnchor anchor)
    {
        lock (FileLock)
        {
            Directory.CreateDirectory(Folder);
            File.AppendAllText(HistoryFile, Serialize(anchor) + "\n");
        }
    }

    public IReadOnlyList<AuditAnchor> ReadHistory()
    {
        if (!File.Exists(HistoryFile))
        {
            return [];
        }

        var result = new List<AuditAnchor>();
        foreach (var line in File.ReadLines(HistoryFile).Where(l => l.Length > 0))
        {
            if (Deserialize(line, HistorySource) is { } anchor)
            {
                result.Add(anchor);
            }
            else
            {
                logger.LogWarning("Unreadable line in the audit anchor history {File}.", HistoryFile);
            }
        }

        return result;
    }

    /// <summary>Every anchor known on this machine: latest.json, the history and each backup's manifest.</summary>
    public IReadOnlyList<AuditAnchor> ReadAll()
    {
        var all = new List<AuditAnchor>();
        if (ReadLatest() is { } latest)
        {
            all.Add(latest);
        }

        all.AddRange(ReadHistory());
        var backups = backupOptions.Value.ResolveFolder(DataFolder);
        if (Directory.Exists(backups))
        {
            foreach (var folder in Directory.GetDirectories(backups, "rectify-*").Where(d => !d.EndsWith(".partial", StringComparison.Ordinal)))
            {
                if (ReadManifestAnchor(Path.Combine(folder, "manifest.json"), Path.GetFileName(folder)) is { } anchor)
                {
                    all.Add(anchor);
                }
            }
        }

        return all;
    }

    /// <summary>The manifest's "auditAnchor" object, as written by BackupService.</summary>
    public AuditAnchor? ReadManifestAnchor(string manifestFile, string source)
    {
        if (!File.Exists(manifestFile))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifestFile));
            return document.RootElement.TryGetProperty("auditAnchor", out var element) && element.ValueKind == JsonValueKind.Object
                ? Validated(element.Deserialize<StoredAnchor>(Json), source)
                : null;
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Unreadable backup manifest {File}.", manifestFile);
            return null;
        }
    }

    /// <summary>The JSON object written into files and manifests.</summary>
    public static object ToJson(AuditAnchor anchor) => new StoredAnchor(anchor.HeadId, anchor.HeadHash, anchor.Count, anchor.At);

    private static string Serialize(AuditAnchor anchor) => JsonSerializer.Serialize(ToJson(anchor), Json);

    private AuditAnchor? ReadAnchorFile(string file, string source)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var anchor = Deserialize(File.ReadAllText(file), source);
        if (anchor is null)
        {
            logger.LogWarning("Unreadable audit anchor file {File}.", file);
        }

        return anchor;
    }

    private static AuditAnchor? Deserialize(string json, string source)
    {
        try
        {
            return Validated(JsonSerializer.Deserialize<StoredAnchor>(json, Json), source);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static AuditAnchor? Validated(StoredAnchor? stored, string source) =>
        stored is { HeadId: > 0, HeadHash.Length: 64 } s ? new AuditAnchor(s.HeadId, s.HeadHash, s.Count, s.At, source) : null;

    private sealed record StoredAnchor(long HeadId, string HeadHash, long Count, DateTimeOffset At);
}
