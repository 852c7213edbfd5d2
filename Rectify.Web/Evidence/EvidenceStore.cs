using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Web.Hosting;
using Rectify.Web.Localization;

namespace Rectify.Web.Evidence;

/// <summary>The "Evidence" section of appsettings.json: what may be uploaded as 佐证材料.</summary>
public sealed class EvidenceOptions : IValidatableObject
{
    public const string Section = "Evidence";

    public const long DefaultMaxFileBytes = 20 * 1024 * 1024;

    public static readonly IReadOnlyList<string> DefaultExtensions =
        [".jpg", ".jpeg", ".png", ".gif", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt"];

    /// <summary>Largest accepted file, in bytes (default 20 MB).</summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>Accepted file name extensions, with the dot; empty means <see cref="DefaultExtensions"/>.
    /// (A list, not a default-filled array: the configuration binder appends to a filled one.)</summary>
    public List<string> AllowedExtensions { get; set; } = [];

    public IReadOnlySet<string> Extensions =>
        (AllowedExtensions.Count > 0 ? AllowedExtensions : DefaultExtensions)
            .Select(e => (e.StartsWith('.') ? e : "." + e).ToLowerInvariant())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Most bytes of all files of one upload (one action with its files); default 50 MB. The form endpoint accepts a
    /// request body of this plus <see cref="FormOverheadBytes"/> (<see cref="MaxRequestBytes"/>); a reverse proxy in front
    /// must accept more than that (deploy/nginx-rectify.conf: client_max_body_size), so the app answers an oversized upload.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Most files one user may upload in any hour (counted from the evidence recorded); default 100.</summary>
    public int MaxFilesPerUserPerHour { get; set; } = 100;

    /// <summary>Most bytes one user may upload in any hour (counted from the evidence recorded); default 500 MB.</summary>
    public long MaxBytesPerUserPerHour { get; set; } = 500L * 1024 * 1024;

    /// <summary>Room for the form's other fields and the multipart framing around the files.</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    /// <summary>The largest request body the upload endpoint reads (Kestrel's per-request limit and the multipart limit).</summary>
    public long MaxRequestBytes => MaxUploadBytes + FormOverheadBytes;

    /// <summary>How long an incomplete upload (*.part) or an unrecorded file must be untouched before the start-up cleanup
    /// removes it (another instance may be writing it right now); default 10 minutes, 0 in a single-instance setup.</summary>
    public int CleanupGraceMinutes { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxFileBytes < 1)
        {
            yield return new ValidationResult("Evidence:MaxFileBytes must be at least 1.", [nameof(MaxFileBytes)]);
        }

        if (MaxUploadBytes < MaxFileBytes)
        {
            yield return new ValidationResult("Evidence:MaxUploadBytes must be at least Evidence:MaxFileBytes.", [nameof(MaxUploadBytes)]);
        }

        if (MaxFilesPerUserPerHour < 1 || MaxBytesPerUserPerHour < MaxFileBytes)
        {
            yield return new ValidationResult(
                "Evidence:MaxFilesPerUserPerHour must be at least 1 and Evidence:MaxBytesPerUserPerHour at least Evidence:MaxFileBytes.",
                [nameof(MaxFilesPerUserPerHour), nameof(MaxBytesPerUserPerHour)]);
        }

        if (CleanupGraceMinutes < 0)
        {
            yield return new ValidationResult("Evidence:CleanupGraceMinutes must not be negative.", [nameof(CleanupGraceMinutes)]);
        }

        foreach (var extension in Extensions.Where(e => !EvidenceStore.KnownTypes.ContainsKey(e)))
        {
            yield return new ValidationResult(
                $"Evidence:AllowedExtensions: '{extension}' is not a supported type ({string.Join(' ', EvidenceStore.KnownTypes.Keys)}).",
                [nameof(AllowedExtensions)]);
        }
    }
}

/// <summary>A file written to the evidence folder and checked; not yet recorded on any item.</summary>
public sealed record StoredEvidence(string StorageKey, string FileName, string ContentType, long Size);

/// <summary>Either a stored file or a Chinese (or English) refusal; nothing is left on disk when refused.</summary>
public sealed record EvidenceSaveResult(StoredEvidence? File, string? Error)
{
    public bool Succeeded => File is not null;
}

/// <summary>
/// 佐证材料 on disk: {DataFolder}/evidence/{yyyy}/{guid}. The user's file name is never part of a path (it is kept only in
/// the database); the content is checked against the name's type by its first bytes, so an .exe renamed to .pdf is refused.
/// Files are written under a temporary name and moved into place only when complete and accepted.
/// </summary>
public sealed partial class EvidenceStore
{
    // Declared before KnownTypes: static fields initialise in textual order.
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0];
    private static readonly byte[] ZipMagic = [(byte)'P', (byte)'K', 0x03, 0x04];

    /// <summary>Every type the store understands: content type, and the leading bytes its content must start with (null: text, checked otherwise).</summary>
    internal static readonly IReadOnlyDictionary<string, (string ContentType, byte[][]? Magic)> KnownTypes =
        new Dictionary<string, (string, byte[][]?)>(StringComparer.OrdinalIgnoreCase)
        {
            [".jpg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
            [".jpeg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
            [".png"] = ("image/png", [[0x89, 0x50, 0x4E, 0x47]]),
            [".gif"] = ("image/gif", [[(byte)'G', (byte)'I', (byte)'F', (byte)'8']]),
            [".pdf"] = ("application/pdf", [[(byte)'%', (byte)'P', (byte)'D', (byte)'F']]),
            [".doc"] = ("application/msword", [OleMagic]),
            [".xls"] = ("application/vnd.ms-excel", [OleMagic]),
            [".ppt"] = ("application/vnd.ms-powerpoint", [OleMagic]),
            [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [ZipMagic]),
            [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [ZipMagic]),
            [".pptx"] = ("application/vnd.openxmlformats-officedocument.presentationml.presentation", [ZipMagic]),
            [".txt"] = ("text/plain", null),
        };

    private const int SniffBytes = 8192;

    private readonly EvidenceOptions _options;
    private readonly IReadOnlySet<string> _extensions;
    private readonly TimeProvider _time;
    private readonly ILogger<EvidenceStore> _logger;

    public EvidenceStore(IOptions<EvidenceOptions> options, IOptions<RectifyOptions> rectify, IHostEnvironment environment, TimeProvider time, ILogger<EvidenceStore> logger)
    {
        _options = options.Value;
        _extensions = _options.Extensions;
        _time = time;
        _logger = logger;
        Root = Path.Combine(rectify.Value.ResolveDataFolder(environment.ContentRootPath), "evidence");
    }

    /// <summary>The folder all evidence lives under.</summary>
    public string Root { get; }

    public long MaxFileBytes => _options.MaxFileBytes;

    /// <summary>The refusal of an upload larger than one upload may be (the page's picker, the form endpoint, the request limit).</summary>
    public string UploadTooLargeMessage() =>
        Format("Evidence.UploadTooLarge", SizeText(_options.MaxUploadBytes), EvidenceUploads.MaxFilesPerUpload, SizeText(_options.MaxFileBytes));

    /// <summary>For the file picker's accept attribute: ".jpg,.png,…".</summary>
    public string AcceptAttribute => string.Join(',', _extensions.Order(StringComparer.Ordinal));

    /// <summary>What can be told from the name and declared size alone, before any byte is read; null when acceptable so far.</summary>
    public string? Precheck(string fileName, long size)
    {
        var name = Path.GetFileName(fileName ?? "").Trim();
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (name.Length == 0 || !_extensions.Contains(extension))
        {
            return Format("Evidence.TypeNotAllowed", name, string.Join(' ', _extensions.Order(StringComparer.Ordinal)));
        }

        if (size <= 0)
        {
            return Format("Evidence.Empty", name);
        }

        if (size > _options.MaxFileBytes)
        {
            return Format("Evidence.TooLarge", name, SizeText(_options.MaxFileBytes));
        }

        return null;
    }

    /// <summary>Reads <paramref name="content"/> to a new file, refusing empty, too large, disallowed or mismatched content.</summary>
    public async Task<EvidenceSaveResult> SaveAsync(string fileName, long declaredSize, Stream content, CancellationToken cancellationToken = default)
    {
        var refusal = Precheck(fileName, declaredSize);
        if (refusal is not null)
        {
            return new EvidenceSaveResult(null, refusal);
        }

        var name = Path.GetFileName(fileName).Trim();
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var year = _time.GetUtcNow().Year.ToString("D4", CultureInfo.InvariantCulture);
        var id = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(Root, year);
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, id + ".part");
        try
        {
            long total;
            var head = new byte[SniffBytes];
            var headLength = 0;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > _options.MaxFileBytes)
                    {
                        return Refuse(temp, Format("Evidence.TooLarge", name, SizeText(_options.MaxFileBytes)));
                    }

                    if (headLength < SniffBytes)
                    {
                        var take = Math.Min(read, SniffBytes - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (total == 0)
            {
                return Refuse(temp, Format("Evidence.Empty", name));
            }

            if (!ContentMatches(extension, head.AsSpan(0, headLength)))
            {
                return Refuse(temp, Format("Evidence.ContentMismatch", name));
            }

            var key = $"{year}/{id}";
            File.Move(temp, PathOf(key));
            return new EvidenceSaveResult(new StoredEvidence(key, name, KnownTypes[extension].ContentType, total), null);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            // E.g. the browser's stream refused to deliver more than it was allowed: treat as too large.
            _logger.LogWarning(e, "Evidence upload of {FileName} failed.", name);
            return Refuse(temp, Format("Evidence.ReadFailed", name));
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Opens a stored file for reading, or null when the key is malformed or the file is gone.</summary>
    public Stream? OpenRead(string storageKey)
    {
        if (!StorageKeyPattern().IsMatch(storageKey))
        {
            return null;
        }

        var path = PathOf(storageKey);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    /// <summary>Removes a stored file (when recording it on the item failed). Never throws.</summary>
    public void Delete(string storageKey)
    {
        if (StorageKeyPattern().IsMatch(storageKey))
        {
            TryDelete(PathOf(storageKey));
        }
    }

    public static string SizeText(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    internal static bool ContentMatches(string extension, ReadOnlySpan<byte> head)
    {
        if (!KnownTypes.TryGetValue(extension, out var type))
        {
            return false;
        }

        if (type.Magic is null)
        {
            // Plain text: no signature of its own, but never a program or other binary (no NUL bytes, no "MZ" header).
            return !head.StartsWith("MZ"u8) && !head.Contains((byte)0);
        }

        foreach (var magic in type.Magic)
        {
            if (head.StartsWith(magic))
            {
                return true;
            }
        }

        return false;
    }

    private string PathOf(string storageKey) => Path.Combine(Root, storageKey.Replace('/', Path.DirectorySeparatorChar));

    private static EvidenceSaveResult Refuse(string temp, string message)
    {
        TryDelete(temp);
        return new EvidenceSaveResult(null, message);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Format(string key, params object[] args) =>
        string.Format(CultureInfo.CurrentCulture, Text.Get(key), args);

    [GeneratedRegex("^[0-9]{4}/[0-9a-f]{32}$")]
    private static partial Regex StorageKeyPattern();
}

/// <summary>What <see cref="EvidenceCleanup"/> found and did at start-up.</summary>
public sealed record EvidenceCleanupReport(int PartialFilesDeleted, int OrphansMoved, IReadOnlyList<string> MissingFiles);

/// <summary>
/// At start-up (after the database is migrated): deletes uploads that were never completed (<c>*.part</c>: the process died
/// while writing) and moves files that no evidence row refers to (the process died between writing the file and saving the
/// row, or a database was restored from an older backup) into <c>evidence/orphaned/</c>, where an operator can look at
/// them; they are never deleted automatically. Evidence rows whose file is missing are logged. Only files untouched for
/// <see cref="EvidenceOptions.CleanupGraceMinutes"/> are considered, so another instance's upload in flight is left alone.
/// </summary>
public sealed class EvidenceCleanup(
    EvidenceStore store, IDbContextFactory<Data.RectifyDbContext> dbFactory, IOptions<EvidenceOptions> options, TimeProvider time,
    ILogger<EvidenceCleanup> logger) : IHostedService
{
    public const string OrphanFolder = "orphaned";

    public async Task StartAsync(CancellationToken cancellationToken) => await RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<EvidenceCleanupReport> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(store.Root))
        {
            return new EvidenceCleanupReport(0, 0, []);
        }

        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(options.Value.CleanupGraceMinutes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = (await db.Set<Domain.Ledger.EvidenceFile>().Select(e => e.StorageKey).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
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
        foreach (var key in missing)
        {
            logger.LogWarning("Evidence record refers to file {Key}, which is missing.", key);
        }

        if (partial > 0)
        {
            logger.LogInformation("Deleted {Count} incomplete evidence uploads (*.part).", partial);
        }

        return new EvidenceCleanupReport(partial, orphans, missing);
    }
}
