namespace Rectify.Domain.Reports;

/// <summary>
/// A table found in the report text: its header's columns and its rows, each cell a list of paragraphs. In the text a
/// table row is one line with its cells separated by tabs (as Word copies a table, and as the .docx reader writes one);
/// paragraphs inside a cell are separated by a vertical tab ('\v', Word's line break inside a paragraph).
/// </summary>
internal sealed class ReportTable(TableColumn[] columns)
{
    /// <summary>Written by a reader for a cell merged with the one above it, and by people for "same as above".</summary>
    public const string DittoMark = "〃";

    public TableColumn[] Columns { get; } = columns;

    public List<IReadOnlyList<string>[]> Rows { get; } = [];

    public bool Has(TableColumn column) => Columns.Contains(column);

    /// <summary>
    /// The rows as entries: problems (with their row's measures, deadline and people) when the table has a problem
    /// column, else measures. A row whose problem cell is empty or 〃 continues the previous problem (a problem cell
    /// merged over several measure rows); a 〃 cell in another column takes the value above it.
    /// </summary>
    public (List<ParsedEntry> Entries, List<ParsedEntry> Causes) ToEntries()
    {
        var main = Has(TableColumn.Problem) ? TableColumn.Problem : TableColumn.Measures;
        var entries = new List<ParsedEntry>();
        var causes = new List<ParsedEntry>();
        var above = new Dictionary<TableColumn, string>();
        foreach (var row in Rows)
        {
            if (TableColumns.TryHeader([.. row.Select(c => string.Join("", c))]) is not null)
            {
                // A header repeated on every page.
                continue;
            }

            string Cell(TableColumn column)
            {
                var index = Array.IndexOf(Columns, column);
                var text = index >= 0 && index < row.Length ? string.Join('\n', row[index]) : "";
                if (IsDitto(text))
                {
                    return above.GetValueOrDefault(column, "");
                }

                above[column] = text;
                return text;
            }

            var mainText = Cell(main);
            var isContinuation = entries.Count > 0 && (mainText.Length == 0 || IsDittoRow(row, main));
            var measures = main == TableColumn.Problem ? MeasuresOf(Cell(TableColumn.Measures)) : [];
            var deadline = Cell(TableColumn.Deadline);
            var owner = Cell(TableColumn.Owner);
            var leader = Cell(TableColumn.Leader);
            var organization = Cell(TableColumn.Organization);
            var cause = Cell(TableColumn.Cause);
            if (cause.Length > 0 && !IsDittoRow(row, TableColumn.Cause))
            {
                causes.Add(new ParsedEntry(EntrySplitter.TitleOf(cause), cause));
            }

            if (isContinuation)
            {
                var previous = entries[^1];
                entries[^1] = previous with { Measures = [.. previous.Measures ?? [], .. measures] };
                continue;
            }

            if (mainText.Length == 0)
            {
                continue;
            }

            entries.Add(new ParsedEntry(EntrySplitter.TitleOf(mainText), mainText)
            {
                Measures = main == TableColumn.Problem ? measures : null,
                Deadline = Blank(deadline),
                Owner = Blank(owner),
                Leader = Blank(leader),
                Organization = Blank(organization),
            });
        }

        return (entries, causes);
    }

    private bool IsDittoRow(IReadOnlyList<string>[] row, TableColumn column)
    {
        var index = Array.IndexOf(Columns, column);
        return index >= 0 && index < row.Length && IsDitto(string.Join("", row[index]));
    }

    private static bool IsDitto(string text) => text.Trim() is DittoMark or "\u3003" or "同上" or "\"";

    private static string? Blank(string text) => text.Length == 0 ? null : text;

    // One measure per numbered item (1. ① 一是 …) in the cell, else one per paragraph.
    private static List<ParsedEntry> MeasuresOf(string cell) =>
        cell.Length == 0 ? [] : [.. EntrySplitter.Split(cell.Split('\n')).Select(e => e with { Text = e.Text.Replace('\n', ' ') })];
}
