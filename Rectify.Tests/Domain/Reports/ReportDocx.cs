using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Tests.Domain.Reports;

/// <summary>
/// Writes a corpus report as a real .docx, the way units write them: a paragraph per line, heading lines bold, lines of
/// tab-separated cells as a Word table (a 〃 cell merged with the cell above, '\v' a new paragraph in the cell). With
/// <c>listNumbers</c>, the typed 一、 （一） 1. （1） at the start of paragraphs become Word's automatic list numbering
/// (the number is then not in the text, as in documents numbered with Word's list buttons).
/// </summary>
internal static class ReportDocx
{
    // What a reader writes for a cell merged with the one above (ReportTable.DittoMark).
    private const string Ditto = "〃";

    private static readonly (string Pattern, W.NumberFormatValues Format, string LevelText)[] Levels =
    [
        ("^([一二三四五六七八九十]{1,3})、", W.NumberFormatValues.ChineseCounting, "%1、"),
        ("^（([一二三四五六七八九十]{1,3})）", W.NumberFormatValues.ChineseCounting, "（%2）"),
        ("^([0-9]{1,2})\\.", W.NumberFormatValues.Decimal, "%3."),
        ("^（([0-9]{1,2})）", W.NumberFormatValues.Decimal, "（%4）"),
    ];

    public static byte[] Build(string text, bool listNumbers)
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new W.Body();
            main.Document = new W.Document(body);
            var numbering = listNumbers ? new Numbering(main) : null;
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains('\t'))
                {
                    var rows = new List<string[]>();
                    for (; i < lines.Length && lines[i].Contains('\t'); i++)
                    {
                        rows.Add(lines[i].Split('\t'));
                    }

                    i--;
                    body.Append(Table(rows));
                    continue;
                }

                if (lines[i].Length > 0)
                {
                    body.Append(Paragraph(lines[i], numbering));
                }
            }

            numbering?.Save();
        }

        return memory.ToArray();
    }

    private static W.Paragraph Paragraph(string line, Numbering? numbering)
    {
        var paragraph = new W.Paragraph();
        for (var level = 0; numbering is not null && level < Levels.Length; level++)
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, Levels[level].Pattern);
            if (match.Success)
            {
                var ordinal = level < 2 ? "一二三四五六七八九十".IndexOf(match.Groups[1].Value[0], StringComparison.Ordinal) + 1 : int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                paragraph.Append(new W.ParagraphProperties(numbering.Properties(level, ordinal)));
                line = line[match.Length..];
                break;
            }
        }

        // Short lines without a full stop are headings: bold, as most units set them.
        var bold = line.Length <= 30 && !line.Contains('。');
        var run = new W.Run(new W.Text(line) { Space = SpaceProcessingModeValues.Preserve });
        if (bold)
        {
            run.PrependChild(new W.RunProperties(new W.Bold()));
        }

        paragraph.Append(run);
        return paragraph;
    }

    private static W.Table Table(List<string[]> rows)
    {
        var table = new W.Table(new W.TableProperties(new W.TableBorders(new W.InsideHorizontalBorder { Val = W.BorderValues.Single })));
        var columns = rows.Max(r => r.Length);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new W.TableRow();
            for (var c = 0; c < columns; c++)
            {
                var text = c < rows[r].Length ? rows[r][c] : "";
                var cell = new W.TableCell();
                var properties = new W.TableCellProperties();
                var mergedBelow = r + 1 < rows.Count && c < rows[r + 1].Length && rows[r + 1][c] == Ditto;
                if (text == Ditto)
                {
                    properties.Append(new W.VerticalMerge());
                    text = "";
                }
                else if (mergedBelow)
                {
                    properties.Append(new W.VerticalMerge { Val = W.MergedCellValues.Restart });
                }

                cell.Append(properties);
                foreach (var part in text.Split('\v'))
                {
                    cell.Append(new W.Paragraph(new W.Run(new W.Text(part) { Space = SpaceProcessingModeValues.Preserve })));
                }

                row.Append(cell);
            }

            table.Append(row);
        }

        return table;
    }

    /// <summary>One multi-level list (一、 （一） 1. （1）); a level typed as 1 again restarts there, as Word's "restart numbering" does.</summary>
    private sealed class Numbering(MainDocumentPart main)
    {
        private readonly W.Numbering _numbering = new();
        private readonly int[] _last = new int[Levels.Length];
        private int _numId;

        public W.NumberingProperties Properties(int level, int ordinal)
        {
            if (_numId == 0 || (ordinal == 1 && _last[level] > 0))
            {
                _numId++;
                var instance = new W.NumberingInstance(new W.AbstractNumId { Val = 1 }) { NumberID = _numId };
                if (_numId > 1)
                {
                    instance.Append(new W.LevelOverride(new W.StartOverrideNumberingValue { Val = 1 }) { LevelIndex = level });
                }

                _numbering.Append(instance);
            }

            _last[level] = ordinal;
            for (var deeper = level + 1; deeper < _last.Length; deeper++)
            {
                _last[deeper] = 0;
            }

            return new W.NumberingProperties(new W.NumberingLevelReference { Val = level }, new W.NumberingId { Val = _numId });
        }

        public void Save()
        {
            var abstractNum = new W.AbstractNum { AbstractNumberId = 1 };
            for (var i = 0; i < Levels.Length; i++)
            {
                abstractNum.Append(new W.Level(
                    new W.StartNumberingValue { Val = 1 },
                    new W.NumberingFormat { Val = Levels[i].Format },
                    new W.LevelText { Val = Levels[i].LevelText })
                { LevelIndex = i });
            }

            // abstractNum elements come before num elements in the numbering part.
            _numbering.PrependChild(abstractNum);
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = _numbering;
        }
    }
}
