using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Documents;

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
