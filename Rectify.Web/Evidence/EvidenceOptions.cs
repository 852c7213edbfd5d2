using System.ComponentModel.DataAnnotations;

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
