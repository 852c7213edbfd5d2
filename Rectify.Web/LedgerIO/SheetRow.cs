using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace Rectify.Web.LedgerIO;

/// <summary>A row of the sheet: its 1-based number as Excel shows it, and its non-empty cells by zero-based column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<int, SheetCell> Cells)
{
    public bool IsBlank => Cells.Values.All(c => string.IsNullOrWhiteSpace(c.Text));
}
