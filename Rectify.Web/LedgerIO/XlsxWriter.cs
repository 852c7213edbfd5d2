using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Web.LedgerIO;

/// <summary>Cell styles of every sheet Rectify writes (indexes into styles.xml's cellXfs).</summary>
public enum XlsxStyle : uint
{
    Default = 0,
    Title = 1,
    Subtitle = 2,
    Header = 3,
    Body = 4,
    BodyCentered = 5,
    Overdue = 6,
    OverdueCentered = 7,
    Note = 8,
}

/// <summary>How a sheet is laid out and printed.</summary>
public sealed record XlsxSheetLayout
{
    public required IReadOnlyList<double> ColumnWidths { get; init; }

    /// <summary>Rows above this stay visible when scrolling (frozen pane), 0 for none.</summary>
    public int FrozenRows { get; init; }

    /// <summary>The 1-based header row repeated on every printed page and carrying the auto-filter, or null.</summary>
    public int? HeaderRow { get; init; }

    /// <summary>Rows whose cells are merged across all columns (title lines).</summary>
    public IReadOnlyList<int> FullWidthRows { get; init; } = [];

    public bool Landscape { get; init; }

    /// <summary>Printed page footer in Excel's header/footer codes, e.g. "&amp;C第 &amp;P 页，共 &amp;N 页".</summary>
    public string? Footer { get; init; }
}

/// <summary>
/// Writes an .xlsx forward-only, for tens of thousands of rows in little memory: each sheet part is streamed by
/// <see cref="XlsxSheetWriter"/> (inline strings, no shared-string table) straight into a zip entry. The package is assembled with <see cref="ZipArchive"/> in create mode because the SDK 2.20 cannot write a
/// write-only package and, in read-write mode, keeps every part in memory until the end (Open-XML-SDK issue 807).
/// The small parts (workbook, styles) are SDK objects saved with <c>Save(stream)</c>.
/// One sheet at a time: dispose the <see cref="XlsxSheetWriter"/> before starting the next sheet.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    private const string RelationshipNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private readonly ZipArchive _zip;
    private readonly List<(string Name, int? HeaderRow)> _sheets = [];
    private XlsxSheetWriter? _open;
    private bool _disposed;

    public XlsxWriter(Stream output)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
    }

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The number of <see cref="XlsxStyle"/> values; the quotePrefix copy of style n is at this offset + n.</summary>
    internal const uint QuotedStyleOffset = 9;

    public XlsxSheetWriter StartSheet(string name, XlsxSheetLayout layout)
    {
        if (_open is { IsDisposed: false })
        {
            throw new InvalidOperationException("Finish the previous sheet first.");
        }

        _sheets.Add((name, layout.HeaderRow));
        var entry = _zip.CreateEntry($"xl/worksheets/sheet{_sheets.Count}.xml", CompressionLevel.Fastest);
        _open = new XlsxSheetWriter(entry.Open(), layout, _sheets.Count == 1);
        return _open;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _open?.Dispose();
        WritePart("xl/styles.xml", StyleSheet());
        WritePart("xl/workbook.xml", Workbook());
        WriteXml("xl/_rels/workbook.xml.rels", w =>
        {
            w.WriteStartElement("Relationships", "http://schemas.openxmlformats.org/package/2006/relationships");
            for (var i = 1; i <= _sheets.Count; i++)
            {
                Relationship(w, $"rId{i}", "worksheet", $"worksheets/sheet{i}.xml");
            }

            Relationship(w, "rIdStyles", "styles", "styles.xml");
            w.WriteEndElement();
        });
        WriteXml("_rels/.rels", w =>
        {
            w.WriteStartElement("Relationships", "http://schemas.openxmlformats.org/package/2006/relationships");
            Relationship(w, "rId1", "officeDocument", "xl/workbook.xml");
            w.WriteEndElement();
        });
        WriteXml("[Content_Types].xml", w =>
        {
            const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            w.WriteStartElement("Types", ns);
            Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
            Default(w, "xml", "application/xml");
            Override(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            Override(w, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
            for (var i = 1; i <= _sheets.Count; i++)
            {
                Override(w, $"/xl/worksheets/sheet{i}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
            }

            w.WriteEndElement();

            static void Default(XmlWriter w, string extension, string type)
            {
                w.WriteStartElement("Default", ns);
                w.WriteAttributeString("Extension", extension);
                w.WriteAttributeString("ContentType", type);
                w.WriteEndElement();
            }

            static void Override(XmlWriter w, string part, string type)
            {
                w.WriteStartElement("Override", ns);
                w.WriteAttributeString("PartName", part);
                w.WriteAttributeString("ContentType", type);
                w.WriteEndElement();
            }
        });
        _zip.Dispose();

        static void Relationship(XmlWriter w, string id, string type, string target)
        {
            w.WriteStartElement("Relationship", "http://schemas.openxmlformats.org/package/2006/relationships");
            w.WriteAttributeString("Id", id);
            w.WriteAttributeString("Type", $"{RelationshipNs}/{type}");
            w.WriteAttributeString("Target", target);
            w.WriteEndElement();
        }
    }

    private Workbook Workbook()
    {
        var workbook = new Workbook();
        workbook.AddNamespaceDeclaration("r", RelationshipNs);
        var sheets = new Sheets();
        var names = new DefinedNames();
        for (var i = 0; i < _sheets.Count; i++)
        {
            var (name, headerRow) = _sheets[i];
            sheets.Append(new Sheet { Name = name, SheetId = (uint)(i + 1), Id = $"rId{i + 1}" });
            if (headerRow is int row)
            {
                // Repeats the header on every printed page.
                names.Append(new DefinedName($"'{name}'!${row}:${row}") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
            }
        }

        workbook.Append(sheets);
        if (names.HasChildren)
        {
            workbook.Append(names);
        }

        return workbook;
    }

    private static Stylesheet StyleSheet()
    {
        static Font Font(double size, bool bold = false, string? color = null)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            font.Append(new FontSize { Val = size });
            if (color is not null)
            {
                font.Append(new Color { Rgb = color });
            }

            font.Append(new FontName { Val = "宋体" });
            font.Append(new FontFamilyNumbering { Val = 3 });
            font.Append(new FontCharSet { Val = 134 });
            return font;
        }

        static Fill Solid(string rgb) => new(new PatternFill(new ForegroundColor { Rgb = rgb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });

        static Border Thin()
        {
            static T Side<T>() where T : BorderPropertiesType, new() => new() { Style = BorderStyleValues.Thin, Color = new Color { Rgb = "FF808080" } };
            return new Border(Side<LeftBorder>(), Side<RightBorder>(), Side<TopBorder>(), Side<BottomBorder>(), new DiagonalBorder());
        }

        static CellFormat Format(uint font, uint fill, uint border, HorizontalAlignmentValues horizontal, VerticalAlignmentValues vertical, bool wrap) =>
            new(new Alignment { Horizontal = horizontal, Vertical = vertical, WrapText = wrap })
            {
                FontId = font, FillId = fill, BorderId = border, ApplyFont = true, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyAlignment = true,
            };

        // Fonts: 0 body, 1 title, 2 subtitle, 3 header, 4 overdue (red).
        var fonts = new Fonts(Font(10), Font(16, bold: true), Font(10, color: "FF555555"), Font(10, bold: true), Font(10, color: "FFC00000")) { Count = 5 };
        // Fills: 0 and 1 are required by Excel (none, gray125); 2 header grey, 3 overdue light red.
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            Solid("FFE7E6E6"),
            Solid("FFFDE9E7")) { Count = 4 };
        var borders = new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), Thin()) { Count = 2 };
        var formats = new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
            Format(1, 0, 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, wrap: false),
            Format(2, 0, 0, HorizontalAlignmentValues.Left, VerticalAlignmentValues.Center, wrap: false),
            Format(3, 2, 1, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, wrap: true),
            Format(0, 0, 1, HorizontalAlignmentValues.Left, VerticalAlignmentValues.Top, wrap: true),
            Format(0, 0, 1, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Top, wrap: true),
            Format(4, 3, 1, HorizontalAlignmentValues.Left, VerticalAlignmentValues.Top, wrap: true),
            Format(4, 3, 1, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Top, wrap: true),
            Format(0, 0, 0, HorizontalAlignmentValues.Left, VerticalAlignmentValues.Top, wrap: true));
        // Each style again with quotePrefix (indexes QuotedStyleOffset + style): for text that starts like a formula.
        foreach (var format in formats.Elements<CellFormat>().Take((int)QuotedStyleOffset).ToList())
        {
            var quoted = (CellFormat)format.CloneNode(true);
            quoted.QuotePrefix = true;
            formats.Append(quoted);
        }

        formats.Count = (uint)formats.ChildElements.Count;
        return new Stylesheet(fonts, fills, borders, new CellStyleFormats(new CellFormat()) { Count = 1 }, formats);
    }

    private void WritePart(string name, OpenXmlPartRootElement root)
    {
        using var stream = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        root.Save(stream);
    }

    private void WriteXml(string name, Action<XmlWriter> write)
    {
        using var stream = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        writer.WriteStartDocument(standalone: true);
        write(writer);
        writer.WriteEndDocument();
    }
}

/// <summary>
/// Writes one sheet's rows in order; the layout's tail (merges, filter, print setup) is written on dispose.
/// The sheet is written with <see cref="XmlWriter"/>, and each cell as one raw run of markup with its text escaped here:
/// the Open XML SDK's OpenXmlWriter cost about 5 µs per cell (an element object, attribute list and namespace lookup per
/// call), which for the 850,000 cells of a 70,000-item ledger was most of the export's writing time (docs/performance.md).
/// </summary>
public sealed class XlsxSheetWriter : IDisposable
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly string[] ColumnLetters = [.. Enumerable.Range(0, 64).Select(LedgerColumns.Letters)];
    private readonly Stream _stream;
    private readonly XmlWriter _writer;
    private readonly XlsxSheetLayout _layout;
    private char[] _buffer = new char[4096];
    private int _length;
    private string _rowText = "0";
    private int _rowIndex;
    private int _column;
    private bool _inRow;

    internal XlsxSheetWriter(Stream stream, XlsxSheetLayout layout, bool selected)
    {
        _stream = stream;
        _layout = layout;
        _writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = false });
        _writer.WriteStartDocument(true);
        _writer.WriteStartElement("worksheet", MainNs);
        _writer.WriteAttributeString("xmlns", "r", null, "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        if (layout.Landscape)
        {
            // Fit to one page wide; as many pages tall as needed.
            _writer.WriteStartElement("sheetPr", MainNs);
            Empty("pageSetUpPr", ("fitToPage", "1"));
            _writer.WriteEndElement();
        }

        _writer.WriteStartElement("sheetViews", MainNs);
        _writer.WriteStartElement("sheetView", MainNs);
        if (selected)
        {
            _writer.WriteAttributeString("tabSelected", "1");
        }

        _writer.WriteAttributeString("workbookViewId", "0");
        if (layout.FrozenRows > 0)
        {
            var topLeft = $"A{layout.FrozenRows + 1}";
            Empty("pane", ("ySplit", Invariant(layout.FrozenRows)), ("topLeftCell", topLeft), ("activePane", "bottomLeft"), ("state", "frozen"));
            Empty("selection", ("pane", "bottomLeft"), ("activeCell", topLeft), ("sqref", topLeft));
        }

        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.WriteStartElement("cols", MainNs);
        for (var i = 0; i < layout.ColumnWidths.Count; i++)
        {
            Empty("col", ("min", Invariant(i + 1)), ("max", Invariant(i + 1)), ("width", Invariant(layout.ColumnWidths[i])), ("customWidth", "1"));
        }

        _writer.WriteEndElement();
        _writer.WriteStartElement("sheetData", MainNs);
    }

    internal bool IsDisposed { get; private set; }

    /// <summary>The 1-based index of the row being written (or last written).</summary>
    public int RowIndex => _rowIndex;

    public void StartRow(double? height = null)
    {
        EndRowIfOpen();
        _rowIndex++;
        _rowText = Invariant(_rowIndex);
        _column = 0;
        Append("<row r=\"").Append(_rowText).Append('"');
        if (height is double h)
        {
            Append(" ht=\"").Append(Invariant(h)).Append("\" customHeight=\"1\"");
        }

        Append('>');
        Flush();
        _inRow = true;
    }

    /// <summary>A text cell (inline string); null or empty writes a styled empty cell so borders stay continuous.</summary>
    public void Text(string? value, XlsxStyle style)
    {
        var clean = Clean(value);
        CellStart(LooksLikeFormula(clean) ? (uint)style + XlsxWriter.QuotedStyleOffset : (uint)style);
        if (string.IsNullOrEmpty(clean))
        {
            Append("/>");
        }
        else
        {
            Append(" t=\"inlineStr\"><is><t").Append(clean.Trim().Length != clean.Length ? " xml:space=\"preserve\">" : ">");
            AppendEscaped(clean);
            Append("</t></is></c>");
        }

        Flush();
    }

    public void Number(double value, XlsxStyle style)
    {
        CellStart(style);
        Append("><v>").Append(Invariant(value)).Append("</v></c>");
        Flush();
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        EndRowIfOpen();
        _writer.WriteEndElement(); // sheetData
        var lastColumn = LedgerColumns.Letters(Math.Max(0, _layout.ColumnWidths.Count - 1));
        if (_layout.HeaderRow is int header && _rowIndex > header)
        {
            Empty("autoFilter", ("ref", $"A{header}:{lastColumn}{_rowIndex}"));
        }

        if (_layout.FullWidthRows.Count > 0)
        {
            _writer.WriteStartElement("mergeCells", MainNs);
            _writer.WriteAttributeString("count", Invariant(_layout.FullWidthRows.Count));
            foreach (var row in _layout.FullWidthRows)
            {
                Empty("mergeCell", ("ref", $"A{row}:{lastColumn}{row}"));
            }

            _writer.WriteEndElement();
        }

        Empty("printOptions", ("horizontalCentered", "1"));
        Empty("pageMargins", ("left", "0.4"), ("right", "0.4"), ("top", "0.6"), ("bottom", "0.6"), ("header", "0.3"), ("footer", "0.3"));
        if (_layout.Landscape)
        {
            Empty("pageSetup", ("paperSize", "9"), ("orientation", "landscape"), ("fitToWidth", "1"), ("fitToHeight", "0"));
        }
        else
        {
            Empty("pageSetup", ("paperSize", "9"), ("orientation", "portrait"));
        }

        if (_layout.Footer is { } footer)
        {
            _writer.WriteStartElement("headerFooter", MainNs);
            _writer.WriteElementString("oddFooter", MainNs, footer);
            _writer.WriteEndElement();
        }

        _writer.WriteEndElement(); // worksheet
        _writer.WriteEndDocument();
        _writer.Dispose();
        _stream.Dispose();
    }

    private void Empty(string name, params (string Name, string Value)[] attributes)
    {
        _writer.WriteStartElement(name, MainNs);
        foreach (var (attribute, value) in attributes)
        {
            _writer.WriteAttributeString(attribute, value);
        }

        _writer.WriteEndElement();
    }

    private void EndRowIfOpen()
    {
        if (_inRow)
        {
            Append("</row>");
            Flush();
            _inRow = false;
        }
    }

    private void CellStart(XlsxStyle style) => CellStart((uint)style);

    private void CellStart(uint style)
    {
        var letters = _column < ColumnLetters.Length ? ColumnLetters[_column] : LedgerColumns.Letters(_column);
        _column++;
        Append("<c r=\"").Append(letters).Append(_rowText).Append("\" s=\"").Append(Invariant(style)).Append('"');
    }

    private XlsxSheetWriter Append(string text)
    {
        Reserve(text.Length);
        text.CopyTo(0, _buffer, _length, text.Length);
        _length += text.Length;
        return this;
    }

    private XlsxSheetWriter Append(char c)
    {
        Reserve(1);
        _buffer[_length++] = c;
        return this;
    }

    /// <summary>Element text: only &amp;, &lt; and &gt; need escaping (Clean has already removed what XML cannot carry).</summary>
    private void AppendEscaped(string text)
    {
        Reserve(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': Append("&amp;"); break;
                case '<': Append("&lt;"); break;
                case '>': Append("&gt;"); break;
                default:
                    if (_length == _buffer.Length)
                    {
                        Reserve(1);
                    }

                    _buffer[_length++] = c;
                    break;
            }
        }
    }

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }

    /// <summary>Hands the markup collected for this cell or row to the XmlWriter as it is (it closes any start tag first).</summary>
    private void Flush()
    {
        _writer.WriteRaw(_buffer, 0, _length);
        _length = 0;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Text that a spreadsheet would take for a formula (or, after a leading tab, turn into one) if it were typed: "=", "+",
    /// "-", "@" and tab (a lone CR never reaches here: <see cref="Clean"/> drops it). An inline string is not evaluated
    /// when the file opens; the quotePrefix style keeps it text also when someone edits the cell, and in WPS and
    /// LibreOffice, which honour it too (OWASP "CSV injection"). The text itself is written unchanged, so it imports back
    /// as it was.
    /// </summary>
    internal static bool LooksLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Characters XML 1.0 cannot carry (control characters pasted from other programs) are dropped; CR LF becomes LF.</summary>
    private static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.Any(c => (c < 0x20 && c != '\n' && c != '\t') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF'))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if ((c >= 0x20 || c is '\n' or '\t') && !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
