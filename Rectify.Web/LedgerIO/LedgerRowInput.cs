using Rectify.Documents;

namespace Rectify.Web.LedgerIO;

/// <summary>One row to validate: from a spreadsheet, or a draft from a 述职报告.</summary>
public sealed record LedgerRowInput(int Row, IReadOnlyDictionary<LedgerColumn, SheetCell> Cells)
{
    public string Text(LedgerColumn column) => Cells.TryGetValue(column, out var cell) ? cell.Text.Trim() : "";

    public SheetCell? Cell(LedgerColumn column) => Cells.TryGetValue(column, out var cell) ? cell : null;
}
