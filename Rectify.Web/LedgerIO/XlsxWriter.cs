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
/// Writes an .xlsx forward-only, for tens of thousands of rows in little memory: each sheet part is streamed with the
/// Open XML SDK's <see cref="OpenXmlWriter"/> (SAX-style, inline strings, no shared-string table) straight into a zip
/// entry. The package is assembled with <see cref="ZipArchive"/> in create mode because the SDK 2.20 cannot write a
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
            Format(0, 0, 0, HorizontalAlignmentValues.Left, VerticalAlignmentValues.Top, wrap: true)) { Count = 9 };
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

/// <summary>Writes one sheet's rows in order; the layout's tail (merges, filter, print setup) is written on dispose.</summary>
public sealed class XlsxSheetWriter : IDisposable
{
    private static readonly OpenXmlAttribute[] NoAttributes = [];
    private readonly Stream _stream;
    private readonly OpenXmlWriter _writer;
    private readonly XlsxSheetLayout _layout;
    private readonly Cell _cell = new();
    private readonly InlineString _inline = new();
    private readonly Text _text = new();
    private readonly CellValue _value = new();
    private readonly Row _row = new();
    private readonly List<OpenXmlAttribute> _attributes = new(3);
    private int _rowIndex;
    private int _column;
    private bool _inRow;

    internal XlsxSheetWriter(Stream stream, XlsxSheetLayout layout, bool selected)
    {
        _stream = stream;
        _layout = layout;
        _writer = OpenXmlWriter.Create(stream, Encoding.UTF8);
        _writer.WriteStartDocument(true);
        _writer.WriteStartElement(new Worksheet(), [], [new KeyValuePair<string, string>("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")]);
        if (layout.Landscape)
        {
            // Fit to one page wide; as many pages tall as needed.
            _writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        }

        var view = new SheetView { WorkbookViewId = 0, TabSelected = selected };
        if (layout.FrozenRows > 0)
        {
            view.Append(new Pane
            {
                VerticalSplit = layout.FrozenRows,
                TopLeftCell = $"A{layout.FrozenRows + 1}",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            });
            view.Append(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"A{layout.FrozenRows + 1}", SequenceOfReferences = new ListValue<StringValue>([new StringValue($"A{layout.FrozenRows + 1}")]) });
        }

        _writer.WriteElement(new SheetViews(view));
        var columns = new Columns();
        for (var i = 0; i < layout.ColumnWidths.Count; i++)
        {
            columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = layout.ColumnWidths[i], CustomWidth = true });
        }

        _writer.WriteElement(columns);
        _writer.WriteStartElement(new SheetData());
    }

    internal bool IsDisposed { get; private set; }

    /// <summary>The 1-based index of the row being written (or last written).</summary>
    public int RowIndex => _rowIndex;

    public void StartRow(double? height = null)
    {
        EndRowIfOpen();
        _rowIndex++;
        _column = 0;
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", _rowIndex.ToString(CultureInfo.InvariantCulture)));
        if (height is double h)
        {
            _attributes.Add(new OpenXmlAttribute("ht", "", h.ToString(CultureInfo.InvariantCulture)));
            _attributes.Add(new OpenXmlAttribute("customHeight", "", "1"));
        }

        _writer.WriteStartElement(_row, _attributes);
        _inRow = true;
    }

    /// <summary>A text cell (inline string); null or empty writes a styled empty cell so borders stay continuous.</summary>
    public void Text(string? value, XlsxStyle style)
    {
        var clean = Clean(value);
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", Reference()));
        _attributes.Add(new OpenXmlAttribute("s", "", ((uint)style).ToString(CultureInfo.InvariantCulture)));
        if (string.IsNullOrEmpty(clean))
        {
            _writer.WriteStartElement(_cell, _attributes);
            _writer.WriteEndElement();
            return;
        }

        _attributes.Add(new OpenXmlAttribute("t", "", "inlineStr"));
        _writer.WriteStartElement(_cell, _attributes);
        _writer.WriteStartElement(_inline, NoAttributes);
        _writer.WriteStartElement(_text, clean.Trim().Length != clean.Length ? [new OpenXmlAttribute("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")] : NoAttributes);
        _writer.WriteString(clean);
        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.WriteEndElement();
    }

    public void Number(double value, XlsxStyle style)
    {
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", Reference()));
        _attributes.Add(new OpenXmlAttribute("s", "", ((uint)style).ToString(CultureInfo.InvariantCulture)));
        _writer.WriteStartElement(_cell, _attributes);
        _writer.WriteStartElement(_value, NoAttributes);
        _writer.WriteString(value.ToString(CultureInfo.InvariantCulture));
        _writer.WriteEndElement();
        _writer.WriteEndElement();
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
            _writer.WriteElement(new AutoFilter { Reference = $"A{header}:{lastColumn}{_rowIndex}" });
        }

        if (_layout.FullWidthRows.Count > 0)
        {
            var merges = new MergeCells { Count = (uint)_layout.FullWidthRows.Count };
            foreach (var row in _layout.FullWidthRows)
            {
                merges.Append(new MergeCell { Reference = $"A{row}:{lastColumn}{row}" });
            }

            _writer.WriteElement(merges);
        }

        _writer.WriteElement(new PrintOptions { HorizontalCentered = true });
        _writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        var setup = new PageSetup { PaperSize = 9, Orientation = _layout.Landscape ? OrientationValues.Landscape : OrientationValues.Portrait };
        if (_layout.Landscape)
        {
            setup.FitToWidth = 1;
            setup.FitToHeight = 0;
        }

        _writer.WriteElement(setup);
        if (_layout.Footer is { } footer)
        {
            _writer.WriteElement(new HeaderFooter(new OddFooter(footer)));
        }
        _writer.WriteEndElement(); // worksheet
        _writer.Close();
        _stream.Dispose();
    }

    private void EndRowIfOpen()
    {
        if (_inRow)
        {
            _writer.WriteEndElement();
            _inRow = false;
        }
    }

    private string Reference() => string.Concat(LedgerColumns.Letters(_column++), _rowIndex.ToString(CultureInfo.InvariantCulture));

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
