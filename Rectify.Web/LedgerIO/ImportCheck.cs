namespace Rectify.Web.LedgerIO;

/// <summary>
/// The result of checking an upload: either a refusal of the whole file, or every row's errors, or a plan of items to
/// create. Nothing has been saved yet.
/// </summary>
public sealed record ImportCheck
{
    public const int MaxErrorsShown = 500;

    public string? Refusal { get; init; }

    public IReadOnlyList<ImportError> Errors { get; init; } = [];

    /// <summary>All errors found (<see cref="Errors"/> keeps only the first <see cref="MaxErrorsShown"/>).</summary>
    public int ErrorCount { get; init; }

    public IReadOnlyList<ImportSkip> Skipped { get; init; } = [];

    public IReadOnlyList<PlannedItem> Items { get; init; } = [];

    public int RowCount { get; init; }

    public string? Sha256 { get; init; }

    public string FileName { get; init; } = "";

    public ImportTarget? Target { get; init; }

    public bool CanImport => Refusal is null && ErrorCount == 0 && Items.Count > 0;

    public static ImportCheck Refused(string message, string fileName = "") => new() { Refusal = message, FileName = fileName };
}
