namespace Rectify.Web.Evidence;

/// <summary>A piece of an <see cref="EvidenceBlob"/>'s content: chunk <see cref="Index"/> (from 0) of at most <see cref="DatabaseEvidenceBlobStore.ChunkBytes"/>.</summary>
public sealed class EvidenceBlobChunk
{
    public string StorageKey { get; set; } = "";

    public int Index { get; set; }

    public byte[] Data { get; set; } = [];
}
