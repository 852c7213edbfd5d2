namespace Rectify.Web.Evidence;

/// <summary>
/// The bytes of evidence files under their storage key ("yyyy/guid"), wherever they live: <see cref="FolderEvidenceBlobStore"/>
/// or <see cref="DatabaseEvidenceBlobStore"/>. Checking what may be stored (type, size, content) is the caller's business
/// (<see cref="EvidenceStore"/>); a store only keeps bytes, streamed in and out, never a whole file in memory.
/// </summary>
public interface IEvidenceBlobStore
{
    EvidenceStoreKind Kind { get; }

    /// <summary>
    /// Reads <paramref name="content"/> to its end and stores it under <paramref name="key"/>; returns the bytes stored. All or
    /// nothing: when reading or writing throws (the content stream refuses the file, the client goes away), nothing is left
    /// readable under the key.
    /// </summary>
    Task<long> WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or null when nothing complete is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes what is stored under the key (when recording it on the item failed). Never throws.</summary>
    Task DeleteAsync(string key);

    /// <summary>Null when the store can take and give files right now; otherwise what is wrong, for readiness and logs.</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
