namespace Rectify.Domain.Ledger;

/// <summary>佐证材料: metadata of an uploaded file; the bytes live in storage under <see cref="StorageKey"/>.</summary>
public sealed class EvidenceFile
{
    private EvidenceFile()
    {
    }

    internal EvidenceFile(
        Guid? progressReportId, string fileName, string contentType, long size, string storageKey, string uploadedBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        ProgressReportId = progressReportId;
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        StorageKey = storageKey;
        UploadedBy = uploadedBy;
        UploadedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>The progress report the file belongs to, or null for evidence of the item as a whole.</summary>
    public Guid? ProgressReportId { get; private set; }

    public string FileName { get; private set; } = string.Empty;

    public string ContentType { get; private set; } = string.Empty;

    public long Size { get; private set; }

    public string StorageKey { get; private set; } = string.Empty;

    public string UploadedBy { get; private set; } = string.Empty;

    public DateTimeOffset UploadedAt { get; private set; }
}
