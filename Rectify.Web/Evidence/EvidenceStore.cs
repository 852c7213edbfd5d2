using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
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

    /// <summary>Where the files' bytes live: Folder or Database; empty means Folder on SQLite and Database on PostgreSQL (decision 0032).</summary>
    public EvidenceStoreKind? Store { get; set; }

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

/// <summary>A file written to the evidence store and checked; not yet recorded on any item.</summary>
public sealed record StoredEvidence(string StorageKey, string FileName, string ContentType, long Size);

/// <summary>Either a stored file or a Chinese (or English) refusal; nothing is left on disk when refused.</summary>
public sealed record EvidenceSaveResult(StoredEvidence? File, string? Error)
{
    public bool Succeeded => File is not null;
}

/// <summary>
/// 佐证材料: what may be uploaded, checked while the bytes stream into the configured <see cref="IEvidenceBlobStore"/> under a
/// key "{yyyy}/{guid}" (the folder {DataFolder}/evidence, or the database: Evidence:Store, decision 0032). The user's file
/// name is never part of a key (it is kept only in the EvidenceFile row); the content is checked against the name's type by
/// its first bytes, so an .exe renamed to .pdf is refused, and a refused file leaves nothing in the store.
/// </summary>
public sealed class EvidenceStore
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

    private readonly EvidenceOptions _options;
    private readonly IReadOnlySet<string> _extensions;
    private readonly TimeProvider _time;
    private readonly ILogger<EvidenceStore> _logger;
    private readonly IStringLocalizer<Text> _text;

    public EvidenceStore(
        IOptions<EvidenceOptions> options, IOptions<RectifyOptions> rectify, IHostEnvironment environment, TimeProvider time, ILogger<EvidenceStore> logger,
        IEvidenceBlobStore blobs, IStringLocalizer<Text> text)
    {
        _text = text;
        _options = options.Value;
        _extensions = _options.Extensions;
        _time = time;
        _logger = logger;
        Blobs = blobs;
        Root = FolderEvidenceBlobStore.RootOf(rectify.Value, environment);
    }

    /// <summary>The evidence folder (where the folder store keeps files, and where migrate-evidence reads them from).</summary>
    public string Root { get; }

    /// <summary>Where the bytes live (Evidence:Store).</summary>
    public IEvidenceBlobStore Blobs { get; }

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

    /// <summary>Reads <paramref name="content"/> into the store, refusing empty, too large, disallowed or mismatched content.</summary>
    public async Task<EvidenceSaveResult> SaveAsync(string fileName, long declaredSize, Stream content, CancellationToken cancellationToken = default)
    {
        var refusal = Precheck(fileName, declaredSize);
        if (refusal is not null)
        {
            return new EvidenceSaveResult(null, refusal);
        }

        var name = Path.GetFileName(fileName).Trim();
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var key = $"{_time.GetUtcNow().Year.ToString("D4", CultureInfo.InvariantCulture)}/{Guid.NewGuid():N}";
        var checkedContent = new CheckedUploadStream(
            content, _options.MaxFileBytes, head => ContentMatches(extension, head.Span),
            Format("Evidence.TooLarge", name, SizeText(_options.MaxFileBytes)), Format("Evidence.ContentMismatch", name), Format("Evidence.Empty", name));
        try
        {
            var total = await Blobs.WriteAsync(key, checkedContent, cancellationToken);
            return new EvidenceSaveResult(new StoredEvidence(key, name, KnownTypes[extension].ContentType, total), null);
        }
        catch (EvidenceRefusedException e)
        {
            return new EvidenceSaveResult(null, e.Message);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            // E.g. the browser's stream refused to deliver more than it was allowed: treat as too large.
            _logger.LogWarning(e, "Evidence upload of {FileName} failed.", name);
            return new EvidenceSaveResult(null, Format("Evidence.ReadFailed", name));
        }
    }

    /// <summary>Opens a stored file for reading, or null when the key is malformed or the file is gone.</summary>
    public Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default) =>
        EvidenceKey.IsValid(storageKey) ? Blobs.OpenReadAsync(storageKey, cancellationToken) : Task.FromResult<Stream?>(null);

    /// <summary>Removes a stored file (when recording it on the item failed). Never throws.</summary>
    public Task DeleteAsync(string storageKey) =>
        EvidenceKey.IsValid(storageKey) ? Blobs.DeleteAsync(storageKey) : Task.CompletedTask;

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

    private string Format(string key, params object[] args) => _text[key, args];
}

/// <summary>
/// What <see cref="EvidenceCleanup"/> found and did at start-up: incomplete uploads deleted, orphans moved aside (folder) or
/// counted (database), the recorded files the store lacks, how many files are recorded, and what kept it from looking at all.
/// </summary>
public sealed record EvidenceCleanupReport(
    int PartialFilesDeleted, int OrphansMoved, IReadOnlyList<string> MissingFiles, int Recorded = 0, string? Problem = null);

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
