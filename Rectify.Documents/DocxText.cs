using System.Text;
using DocumentFormat.OpenXml;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Documents;

/// <summary>
/// Writes the body of a .docx as the report parser reads text: one line per paragraph, in document order; a table row as
/// one line of tab-separated cells (the way Word copies a table), paragraphs inside a cell separated by '\v' (Word's
/// line break), a cell merged with the one above written as 〃 (same as above), a cell spanning several grid columns
/// followed by empty cells so the columns stay under their headers.
/// </summary>
internal static class DocxText
{
    private const string Ditto = "〃";

    public static void Write(OpenXmlElement container, DocxListNumbers numbers, StringBuilder text)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case W.Paragraph paragraph:
                    text.Append(numbers.Next(paragraph)).Append(ParagraphText(paragraph, '\n', '\t')).Append('\n');
                    break;
                case W.Table table:
                    WriteTable(table, numbers, text);
                    break;
                case W.SdtBlock or W.SdtContentBlock or W.CustomXmlBlock:
                    Write(element, numbers, text);
                    break;
            }
        }
    }

    private static void WriteTable(W.Table table, DocxListNumbers numbers, StringBuilder text)
    {
        foreach (var row in table.Elements<W.TableRow>())
        {
            var cells = new List<string>();
            foreach (var cell in row.Elements<W.TableCell>())
            {
                var properties = cell.TableCellProperties;
                var merge = properties?.VerticalMerge;
                var continued = merge is not null && (merge.Val is null || merge.Val.Value == W.MergedCellValues.Continue);
                cells.Add(continued ? Ditto : CellText(cell, numbers));
                var span = properties?.GridSpan?.Val?.Value ?? 1;
                for (var i = 1; i < span; i++)
                {
                    cells.Add("");
                }
            }

            if (cells.Count > 0)
            {
                text.AppendJoin('\t', cells).Append('\n');
            }
        }

        text.Append('\n');
    }

    // Nested tables inside a cell are read as their paragraphs.
    private static string CellText(W.TableCell cell, DocxListNumbers numbers) =>
        string.Join('\v', cell.Descendants<W.Paragraph>()
            .Select(p => numbers.Next(p) + ParagraphText(p, '\v', ' '))
            .Where(p => p.Trim().Length > 0));

    private static string ParagraphText(W.Paragraph paragraph, char lineBreak, char tab)
    {
        var text = new StringBuilder();
        foreach (var node in paragraph.Descendants())
        {
            switch (node)
            {
                case W.Text t:
                    text.Append(t.Text.Replace('\t', ' ').Replace('\v', ' '));
                    break;
                case W.TabChar:
                    text.Append(tab);
                    break;
                case W.Break or W.CarriageReturn:
                    text.Append(lineBreak);
                    break;
            }
        }

        return text.ToString();
    }
}
