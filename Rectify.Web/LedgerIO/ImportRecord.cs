namespace Rectify.Web.LedgerIO;

/// <summary>
/// One import run, recorded when it starts (<see cref="ImportState.Running"/>) and marked <see cref="ImportState.Completed"/>
/// when its items are published; a run that does not complete is rolled back (<see cref="ImportRuns"/>). The file's SHA-256
/// lets the importer recognise the same file when it comes again (null for rows from a 述职报告), and the counts say what it did.
/// </summary>
public sealed class ImportRecord
{
    public const int HashLength = 64;

    public Guid Id { get; init; }

    /// <summary>SHA-256 of the uploaded file, lower-case hex.</summary>
    public string? Sha256 { get; init; }

    public required string FileName { get; init; }

    public Guid ProblemListId { get; init; }

    public required string ImportedBy { get; init; }

    public DateTimeOffset ImportedAt { get; init; }

    public int CreatedCount { get; init; }

    public int SkippedCount { get; init; }

    public ImportState State { get; init; }

    /// <summary>Renewed by every batch the run writes; a run whose heartbeat is old is taken for dead and rolled back.</summary>
    public DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>The run created its problem list, so rolling it back removes the list too.</summary>
    public bool CreatedList { get; init; }
}
