namespace Rectify.Web.Evidence;

/// <summary>A file written to the evidence store and checked; not yet recorded on any item.</summary>
public sealed record StoredEvidence(string StorageKey, string FileName, string ContentType, long Size);
