namespace Rectify.Web.LedgerIO;

/// <summary>An earlier run of the same file (<see cref="ImportRuns.PreviousAsync"/>): running now, or completed.</summary>
public sealed record PreviousImport(DateTimeOffset ImportedAt, string Title, ImportState State);
