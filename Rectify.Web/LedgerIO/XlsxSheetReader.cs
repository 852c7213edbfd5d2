using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Web.LedgerIO;

/// <summary>One cell's content as text; <see cref="IsNumber"/> for numeric cells (dates are numbers in Excel).</summary>
public sealed record SheetCell(string Text, bool IsNumber);

/// <summary>A row of the sheet: its 1-based number as Excel shows it, and its non-empty cells by zero-based column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<int, SheetCell> Cells)
{
    public bool IsBlank => Cells.Values.All(c => string.IsNullOrWhiteSpace(c.Text));
}

/// <summary>
/// Reads the first worksheet of an .xlsx row by row with the SDK's SAX reader (<see cref="OpenXmlReader"/>), so a sheet of
/// tens of thousands of rows is never held as a DOM. Shared strings, inline strings, numbers and booleans are read as text.
/// </summary>
public sealed class XlsxSheetReader : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart? _sheet;
    private readonly List<string> _sharedStrings = [];

    private XlsxSheetReader(SpreadsheetDocument document)
    {
        _document = document;
        var workbook = document.WorkbookPart;
        var first = workbook?.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
        if (workbook is not null && first?.Id?.Value is { } id && workbook.GetPartById(id) is WorksheetPart part)
        {
            _sheet = part;
            SheetName = first.Name?.Value;
        }

        if (workbook?.SharedStringTablePart is { } sst)
        {
            using var reader = OpenXmlReader.Create(sst);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                {
                    _sharedStrings.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
                }
            }
        }
    }

    public string? SheetName { get; }

    public bool HasSheet => _sheet is not null;

    /// <summary>False for a zip that opens as a package but holds no workbook (a renamed .docx, any other zip).</summary>
    public bool IsWorkbook => _document.WorkbookPart?.Workbook is not null;

    /// <summary>The last row number the sheet declares (its dimension), when it declares one: for progress only.</summary>
    public int? DeclaredRowCount { get; private set; }

    /// <summary>Opens the package; throws <see cref="InvalidDataException"/> when it is not a readable spreadsheet.</summary>
    public static XlsxSheetReader Open(Stream stream)
    {
        try
        {
            return new XlsxSheetReader(SpreadsheetDocument.Open(stream, false));
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException
            or InvalidOperationException or ArgumentException or System.Xml.XmlException or NotSupportedException or UriFormatException)
        {
            throw new InvalidDataException("Not a readable .xlsx package.", e);
        }
    }

    public IEnumerable<SheetRow> Rows()
    {
        if (_sheet is null)
        {
            yield break;
        }

        using var reader = OpenXmlReader.Create(_sheet);
        var next = 1;
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SheetDimension) && reader.IsStartElement)
            {
                var reference = ((SheetDimension)reader.LoadCurrentElement()!).Reference?.Value;
                DeclaredRowCount = RowOf(reference?.Split(':').Last()) ?? DeclaredRowCount;
            }
            else if (reader.ElementType == typeof(Row) && reader.IsStartElement)
            {
                var row = (Row)reader.LoadCurrentElement()!;
                var number = row.RowIndex?.Value is uint r ? (int)r : next;
                next = number + 1;
                var cells = new Dictionary<int, SheetCell>();
                var column = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    column = ColumnOf(cell.CellReference?.Value) ?? column;
                    if (Read(cell) is { } value)
                    {
                        cells[column] = value;
                    }

                    column++;
                }

                yield return new SheetRow(number, cells);
            }
        }
    }

    public void Dispose() => _document.Dispose();

    private SheetCell? Read(Cell cell)
    {
        var type = cell.DataType?.Value;
        var raw = cell.CellValue?.Text;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? new SheetCell(TextOf(inline), false) : null;
        }

        if (raw is null)
        {
            return null;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < _sharedStrings.Count
                ? new SheetCell(_sharedStrings[index], false)
                : null;
        }

        if (type == CellValues.Boolean)
        {
            return new SheetCell(raw == "1" ? "TRUE" : "FALSE", false);
        }

        if (type is null || type == CellValues.Number)
        {
            return new SheetCell(raw, true);
        }

        return new SheetCell(raw, false);
    }

    /// <summary>The visible text of a string item: plain text or rich-text runs, without phonetic guides.</summary>
    private static string TextOf(OpenXmlElement item) =>
        string.Concat(item.Descendants<Text>().Where(t => t.Parent is not PhoneticRun).Select(t => t.Text));

    internal static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                index = (index * 26) + (c - 'A' + 1);
                letters++;
            }
            else
            {
                break;
            }
        }

        return letters == 0 ? null : index - 1;
    }

    private static int? RowOf(string? reference)
    {
        var digits = new string((reference ?? "").SkipWhile(char.IsLetter).ToArray());
        return int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var row) ? row : null;
    }
}
