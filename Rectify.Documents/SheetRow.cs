namespace Rectify.Documents;

/// <summary>A row of the sheet: its 1-based number as Excel shows it, and its non-empty cells by zero-based column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<int, SheetCell> Cells)
{
    public bool IsBlank => Cells.Values.All(c => string.IsNullOrWhiteSpace(c.Text));
}
