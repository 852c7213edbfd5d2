using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// The pieces the project's Word documents are made of (整改落实情况报告, 督查通报): paragraphs and runs with Chinese fonts set as
/// East Asian fonts (仿宋 body, 黑体 headings, 宋体 title), simple bordered tables, and an A4 page with 公文 margins.
/// </summary>
public static class WordParts
{
    public enum WordFont
    {
        Title,
        Subtitle,
        Heading,
        Label,
        Body,
    }

    public static Paragraph Paragraph(string text, WordFont font, JustificationValues? justification = null, bool indent = false, int spacingBefore = 0, int spacingAfter = 80)
    {
        var properties = new ParagraphProperties(new SpacingBetweenLines { Before = spacingBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), After = spacingAfter.ToString(System.Globalization.CultureInfo.InvariantCulture), Line = "360", LineRule = LineSpacingRuleValues.Auto });
        if (indent)
        {
            properties.Append(new Indentation { FirstLine = "640" });
        }

        if (justification is { } j)
        {
            properties.Append(new Justification { Val = j });
        }

        var paragraph = new Paragraph(properties);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var run = Run(lines[i], font);
            if (i > 0)
            {
                run.InsertAfter(new Break(), run.RunProperties);
            }

            paragraph.Append(run);
        }

        return paragraph;
    }

    public static Paragraph Labelled(string label, string value)
    {
        var paragraph = Paragraph("", WordFont.Body);
        paragraph.RemoveAllChildren<Run>();
        paragraph.Append(Run(label, WordFont.Label), Run(value, WordFont.Body));
        return paragraph;
    }

    public static Run Run(string text, WordFont font, int? halfPoints = null)
    {
        var (eastAsia, size, bold) = font switch
        {
            WordFont.Title => ("宋体", 44, true),
            WordFont.Subtitle => ("楷体", 32, false),
            WordFont.Heading => ("黑体", 32, false),
            WordFont.Label => ("仿宋", 32, true),
            _ => ("仿宋", 32, false),
        };
        var properties = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = eastAsia, Hint = FontTypeHintValues.EastAsia });
        if (bold)
        {
            properties.Append(new Bold());
        }

        size = halfPoints ?? size;
        properties.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new FontSizeComplexScript { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new Languages { EastAsia = "zh-CN" });
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    public static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", EastAsia = "仿宋" },
                new FontSize { Val = "32" },
                new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault()));
        styles.Styles.Save();
    }

    /// <summary>A4 portrait with the margins of official documents (公文: 3.7 cm top, 2.8 cm left).</summary>
    public static SectionProperties A4Portrait() => new(
        new PageSize { Width = 11906U, Height = 16838U },
        new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U });

    /// <summary>The width of A4 portrait's text area between the margins of <see cref="A4Portrait"/>, in twentieths of a point.</summary>
    public const int A4TextWidth = 11906 - 1588 - 1474;

    /// <summary>
    /// A table with single borders, a bold header row and the body font at 12 pt (small enough for a ranking on A4), as wide as
    /// the text area. <paramref name="weights"/> (one per column) share that width out — a problem description gets more than a
    /// sequence number; without them every column is as wide as the others. The layout is fixed, so Word and WPS keep the widths
    /// instead of fitting columns to their longest word.
    /// </summary>
    public static Table Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<int>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        weights ??= [.. header.Select(_ => 1)];
        if (weights.Count != header.Count || weights.Any(w => w <= 0))
        {
            throw new ArgumentException("One positive weight per column.", nameof(weights));
        }

        var widths = weights.Select(w => A4TextWidth * w / weights.Sum()).ToArray();
        var border = new Func<BorderType, BorderType>(b => { b.Val = BorderValues.Single; b.Size = 4U; return b; });
        var table = new Table(new TableProperties(
            new TableWidth { Width = A4TextWidth.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                border(new TopBorder()), border(new LeftBorder()), border(new BottomBorder()), border(new RightBorder()),
                border(new InsideHorizontalBorder()), border(new InsideVerticalBorder())),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(header, widths, bold: true));
        foreach (var row in rows)
        {
            table.Append(Row(row, widths, bold: false));
        }

        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool bold)
    {
        var row = new TableRow();
        foreach (var (cell, width) in cells.Zip(widths))
        {
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }),
                new Paragraph(Run(cell, bold ? WordFont.Label : WordFont.Body, halfPoints: 24))));
        }

        return row;
    }
}
