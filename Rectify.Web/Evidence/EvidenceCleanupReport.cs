namespace Rectify.Web.Evidence;

/// <summary>
/// What <see cref="EvidenceCleanup"/> found and did at start-up: incomplete uploads deleted, orphans moved aside (folder) or
/// counted (database), the recorded files the store lacks, how many files are recorded, and what kept it from looking at all.
/// </summary>
public sealed record EvidenceCleanupReport(
    int PartialFilesDeleted, int OrphansMoved, IReadOnlyList<string> MissingFiles, int Recorded = 0, string? Problem = null);
