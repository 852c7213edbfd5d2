using Rectify.Domain.Ledger;

namespace Rectify.Web.LedgerIO;

/// <summary>Where imported problems go: an existing problem list, or a new one described here.</summary>
public sealed record ImportTarget
{
    public Guid? ExistingListId { get; init; }

    public string? NewTitle { get; init; }

    public ProblemSource NewSource { get; init; }

    public DateOnly NewDate { get; init; }

    public int NewIssuingOrganizationId { get; init; }

    public static ImportTarget Existing(Guid listId) => new() { ExistingListId = listId };

    public static ImportTarget New(string title, ProblemSource source, DateOnly date, int issuingOrganizationId) =>
        new() { NewTitle = title, NewSource = source, NewDate = date, NewIssuingOrganizationId = issuingOrganizationId };
}

/// <summary>A problem in one row of the file: its row number as Excel shows it, the column's header and why.</summary>
public sealed record ImportError(int Row, string Column, string Reason);

/// <summary>A row left out on purpose (already in the list, or repeated in the file).</summary>
public sealed record ImportSkip(int Row, string Description, string Reason);

/// <summary>A row that will become an item.</summary>
public sealed record PlannedItem(int Row, ItemDetails Details, IReadOnlyList<string> Measures);

/// <summary>One row to validate: from a spreadsheet, or a draft from a 述职报告.</summary>
public sealed record LedgerRowInput(int Row, IReadOnlyDictionary<LedgerColumn, SheetCell> Cells)
{
    public string Text(LedgerColumn column) => Cells.TryGetValue(column, out var cell) ? cell.Text.Trim() : "";

    public SheetCell? Cell(LedgerColumn column) => Cells.TryGetValue(column, out var cell) ? cell : null;
}

/// <summary>
/// The result of checking an upload: either a refusal of the whole file, or every row's errors, or a plan of items to
/// create. Nothing has been saved yet.
/// </summary>
public sealed class ImportCheck
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

/// <summary>What an import did.</summary>
public sealed record ImportOutcome(bool Succeeded, string? Message, Guid ProblemListId, int Created, int Skipped);
