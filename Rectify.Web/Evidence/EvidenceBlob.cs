namespace Rectify.Web.Evidence;

/// <summary>
/// One evidence file kept in the database (Evidence:Store = Database): its length and SHA-256 once complete. Its bytes are
/// rows of <see cref="EvidenceBlobChunk"/>. A row with <see cref="Complete"/> false is an upload in progress, or one that
/// died; the start-up cleanup deletes those older than Evidence:CleanupGraceMinutes.
/// </summary>
public sealed class EvidenceBlob
{
    /// <summary>The storage key ("yyyy/guid") the item's EvidenceFile row refers to.</summary>
    public string StorageKey { get; set; } = "";

    public long Length { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole content; empty until complete.</summary>
    public string Sha256 { get; set; } = "";

    public bool Complete { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
