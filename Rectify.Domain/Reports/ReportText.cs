using System.Text;

namespace Rectify.Domain.Reports;

/// <summary>Turns raw report text into clean, non-empty lines (one paragraph each).</summary>
internal static class ReportText
{
    public static List<string> ToLines(string text) =>
        [.. ToItems(text).Where(i => i.Line is not null).Select(i => i.Line!)];

    /// <summary>
    /// The report as clean, non-empty lines (one paragraph each) and the tables among them: a line with tabs whose cells
    /// read as a table header (序号 | 问题 | 措施 …) starts a table, and the lines with tabs after it are its rows.
    /// </summary>
    public static List<ReportItem> ToItems(string text)
    {
        var items = new List<ReportItem>();
        ReportTable? table = null;
        // ReplaceLineEndings covers \r\n, lone \r and the Unicode line/paragraph separators.
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (raw.Contains('\t'))
            {
                var cells = raw.Split('\t').Select(Cell).ToArray();
                if (table is not null)
                {
                    table.Rows.Add(cells);
                    continue;
                }

                if (TableColumns.TryHeader([.. cells.Select(c => string.Join("", c))]) is { } columns)
                {
                    table = new ReportTable(columns);
                    items.Add(new ReportItem(null, table));
                    continue;
                }
            }

            table = null;
            // A vertical tab is Word's line break inside a paragraph.
            foreach (var part in raw.Split('\v'))
            {
                var line = NormaliseSpaces(part);
                if (line.Length > 0)
                {
                    items.Add(new ReportItem(line, null));
                }
            }
        }

        return items;
    }

    private static IReadOnlyList<string> Cell(string cell) =>
        [.. cell.Split('\v').Select(NormaliseSpaces).Where(p => p.Length > 0)];

    /// <summary>
    /// Full-width (U+3000), no-break and other spaces become one ASCII space; zero-width characters and
    /// BOMs go; leading indentation (often 　　) is trimmed. Everything else is kept as written.
    /// </summary>
    internal static string NormaliseSpaces(string line)
    {
        var sb = new StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var c in line)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
