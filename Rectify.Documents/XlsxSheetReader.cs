using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace Rectify.Documents;

/// <summary>
/// Reads the first worksheet of an .xlsx row by row. The package is checked by <see cref="PackageGuard"/> first; the
/// Open XML SDK then only resolves parts, and their XML (workbook, shared strings, sheet) is read with a streaming
/// <see cref="XmlReader"/>, never as a DOM, counting rows, cells, shared strings and characters against
/// <see cref="FileLimitsOptions"/> (<see cref="FileLimitException"/> past one). Shared strings, inline strings, numbers
/// and booleans are read as text; phonetic guides are left out.
/// </summary>
public sealed class XlsxSheetReader : IDisposable
{
    private const string RelationshipNamespaceEnd = "/relationships";

    private readonly SpreadsheetDocument _document;
    private readonly FileLimitsOptions _limits;
    private readonly WorksheetPart? _sheet;
    private readonly List<string> _sharedStrings = [];

    private XlsxSheetReader(SpreadsheetDocument document, FileLimitsOptions limits, CancellationToken cancellationToken)
    {
        _document = document;
        _limits = limits;
        var workbook = document.WorkbookPart;
        if (workbook is null)
        {
            return;
        }

        var (isWorkbook, name, id) = FirstSheet(workbook);
        IsWorkbook = isWorkbook;
        if (id is not null && workbook.GetPartById(id) is WorksheetPart part)
        {
            _sheet = part;
            SheetName = name;
        }

        if (workbook.SharedStringTablePart is { } sst)
        {
            ReadSharedStrings(sst, cancellationToken);
        }
    }

    public string? SheetName { get; }

    public bool HasSheet => _sheet is not null;

    /// <summary>False for a zip that opens as a package but holds no workbook (a renamed .docx, any other zip).</summary>
    public bool IsWorkbook { get; }

    /// <summary>The last row number the sheet declares (its dimension), when it declares one: for progress only.</summary>
    public int? DeclaredRowCount { get; private set; }

    /// <summary>Opens the package with the default limits (<see cref="FileLimitsOptions"/>).</summary>
    public static XlsxSheetReader Open(Stream stream) => Open(stream, new FileLimitsOptions());

    /// <summary>
    /// Checks and opens the package (the stream must be seekable); throws <see cref="FileLimitException"/> past a limit and
    /// <see cref="InvalidDataException"/> when it is not a readable spreadsheet.
    /// </summary>
    public static XlsxSheetReader Open(Stream stream, FileLimitsOptions limits, CancellationToken cancellationToken = default)
    {
        SpreadsheetDocument? document = null;
        try
        {
            PackageGuard.Check(stream, limits, cancellationToken);
            document = SpreadsheetDocument.Open(stream, false);
            return new XlsxSheetReader(document, limits, cancellationToken);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or IOException or InvalidOperationException
            or ArgumentException or XmlException or NotSupportedException or UriFormatException or InvalidDataException)
        {
            document?.Dispose();
            throw new InvalidDataException("Not a readable .xlsx package.", e);
        }
        catch
        {
            document?.Dispose();
            throw;
        }
    }

    public IEnumerable<SheetRow> Rows()
    {
        if (_sheet is null)
        {
            yield break;
        }

        using var reader = LimitedXml.Create(_sheet.GetStream(FileMode.Open, FileAccess.Read));
        var text = new StringBuilder();
        var next = 1;
        var rows = 0;
        long cells = 0;
        var inSheetData = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "sheetData")
            {
                yield break;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (!inSheetData)
            {
                if (reader.LocalName == "dimension")
                {
                    DeclaredRowCount = RowOf(reader.GetAttribute("ref")?.Split(':').Last()) ?? DeclaredRowCount;
                }

                inSheetData = reader.LocalName == "sheetData" && !reader.IsEmptyElement;
                continue;
            }

            if (reader.LocalName != "row")
            {
                continue;
            }

            if (++rows > _limits.MaxRows)
            {
                throw new FileLimitException(FileLimit.Rows, _limits.MaxRows);
            }

            var number = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : next;
            next = number + 1;
            var values = new Dictionary<int, SheetCell>();
            if (!reader.IsEmptyElement)
            {
                var rowDepth = reader.Depth;
                var column = 0;
                while (reader.Read() && reader.Depth > rowDepth)
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c" || reader.Depth != rowDepth + 1)
                    {
                        continue;
                    }

                    if (++cells > _limits.MaxCells)
                    {
                        throw new FileLimitException(FileLimit.Cells, _limits.MaxCells);
                    }

                    column = ColumnOf(reader.GetAttribute("r")) ?? column;
                    if (ReadCell(reader, text) is { } value)
                    {
                        values[column] = value;
                    }

                    column++;
                }
            }

            yield return new SheetRow(number, values);
        }
    }

    public void Dispose() => _document.Dispose();

    /// <summary>Reads the cell the reader is on (up to its end tag): its value by its type attribute.</summary>
    private SheetCell? ReadCell(XmlReader reader, StringBuilder text)
    {
        var type = reader.GetAttribute("t");
        if (reader.IsEmptyElement)
        {
            return null;
        }

        string? raw = null;
        string? inline = null;
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != depth + 1)
            {
                continue;
            }

            // A formula (f) or an extension is passed over: its text is never collected.
            if (reader.LocalName is "v" or "is")
            {
                text.Clear();
                LimitedXml.AppendText(reader, text, _limits.MaxCellChars, FileLimit.CellText, skip: "rPh");
                if (reader.LocalName == "v")
                {
                    raw = text.ToString();
                }
                else
                {
                    inline = text.ToString();
                }
            }
        }

        switch (type)
        {
            case "inlineStr":
                return inline is null ? null : new SheetCell(inline, false);
            case "s":
                return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < _sharedStrings.Count
                    ? new SheetCell(_sharedStrings[index], false)
                    : null;
            case "b":
                return raw is null ? null : new SheetCell(raw == "1" ? "TRUE" : "FALSE", false);
            case null or "n":
                return raw is null ? null : new SheetCell(raw, true);
            default:
                return raw is null ? null : new SheetCell(raw, false);
        }
    }

    private void ReadSharedStrings(SharedStringTablePart part, CancellationToken cancellationToken)
    {
        using var reader = LimitedXml.Create(part.GetStream(FileMode.Open, FileAccess.Read));
        var text = new StringBuilder();
        long chars = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "si")
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_sharedStrings.Count >= _limits.MaxSharedStrings)
            {
                throw new FileLimitException(FileLimit.SharedStrings, _limits.MaxSharedStrings);
            }

            text.Clear();
            LimitedXml.AppendText(reader, text, _limits.MaxCellChars, FileLimit.CellText, skip: "rPh");
            chars += text.Length;
            if (chars > _limits.MaxSharedStringChars)
            {
                throw new FileLimitException(FileLimit.SharedStringChars, _limits.MaxSharedStringChars);
            }

            _sharedStrings.Add(text.ToString());
        }
    }

    /// <summary>Whether the main part is a workbook, and the name and relationship id of its first sheet (streamed, no DOM).</summary>
    private static (bool IsWorkbook, string? Name, string? Id) FirstSheet(WorkbookPart workbook)
    {
        using var reader = LimitedXml.Create(workbook.GetStream(FileMode.Open, FileAccess.Read));
        reader.MoveToContent();
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "workbook")
        {
            return (false, null, null);
        }

        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet")
            {
                string? id = null;
                while (reader.MoveToNextAttribute())
                {
                    if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith(RelationshipNamespaceEnd, StringComparison.Ordinal))
                    {
                        id = reader.Value;
                    }
                }

                reader.MoveToElement();
                return (true, reader.GetAttribute("name"), id);
            }
        }

        return (true, null, null);
    }

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

        // Excel's last column is XFD (16384); anything longer is not a cell reference.
        return letters is 0 or > 3 ? null : index - 1;
    }

    private static int? RowOf(string? reference)
    {
        var digits = new string((reference ?? "").SkipWhile(char.IsLetter).ToArray());
        return int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var row) ? row : null;
    }
}
