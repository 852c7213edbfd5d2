using Rectify.Web.Hosting;

namespace Rectify.Web.Evidence;

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
