namespace Rectify.Web.Evidence;

/// <summary>Either a stored file or a Chinese (or English) refusal; nothing is left on disk when refused.</summary>
public sealed record EvidenceSaveResult(StoredEvidence? File, string? Error)
{
    public bool Succeeded => File is not null;
}
