using Rectify.Documents;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// The import template: the twelve ledger columns plus the optional 问题类别, with one sample row (序号 “示例”, skipped on
/// import) and a sheet of notes on how to fill each column. Rows may be given to prefill it (drafts taken from a 述职报告).
/// </summary>
public sealed class LedgerExcelTemplate(IStringLocalizer<Text> T)
{
    public const int HeaderRow = 3;

    /// <summary>The ledger's columns and 问题类别 (optional on import; 其他 when empty).</summary>
    public static IReadOnlyList<LedgerColumn> Columns { get; } = [.. LedgerColumns.Ledger, LedgerColumn.Category];

    public string FileName => $"{T["LedgerIO.Template.FileName"]}.xlsx";

    public void Write(Stream output, IEnumerable<IReadOnlyDictionary<LedgerColumn, string>>? rows = null)
    {
        using var workbook = new XlsxWriter(output);
        using (var sheet = workbook.StartSheet(T["LedgerIO.Template.SheetName"], LedgerExcelExporter.Layout() with { ColumnWidths = [.. Columns.Select(LedgerColumns.Width)] }))
        {
            sheet.StartRow(height: 30);
            sheet.Text(T["LedgerIO.Template.Title"], XlsxStyle.Title);
            sheet.StartRow(height: 20);
            sheet.Text(T["LedgerIO.Template.Hint"], XlsxStyle.Subtitle);
            LedgerExcelExporter.WriteHeader(sheet, Columns);

            var sample = new Dictionary<LedgerColumn, string>
            {
                [LedgerColumn.Sequence] = T["LedgerIO.Template.SampleMarker"],
                [LedgerColumn.Source] = T["LedgerIO.Template.Sample.Source"],
                [LedgerColumn.Description] = T["LedgerIO.Template.Sample.Description"],
                [LedgerColumn.Measures] = T["LedgerIO.Template.Sample.Measures"],
                [LedgerColumn.Leader] = T["LedgerIO.Template.Sample.Leader"],
                [LedgerColumn.Organization] = T["LedgerIO.Template.Sample.Organization"],
                [LedgerColumn.Owner] = T["LedgerIO.Template.Sample.Owner"],
                [LedgerColumn.Deadline] = T["LedgerIO.Template.Sample.Deadline"],
                [LedgerColumn.Remarks] = T["LedgerIO.Template.Sample.Remarks"],
                [LedgerColumn.Category] = T["LedgerIO.Template.Sample.Category"],
            };
            WriteRow(sheet, sample, XlsxStyle.Note);
            var sequence = 0;
            foreach (var row in rows ?? [])
            {
                var numbered = new Dictionary<LedgerColumn, string>(row) { [LedgerColumn.Sequence] = (++sequence).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                WriteRow(sheet, numbered, XlsxStyle.Body);
            }
        }

        using (var notes = workbook.StartSheet(T["LedgerIO.Template.NotesSheet"], new XlsxSheetLayout { ColumnWidths = [14, 90] }))
        {
            notes.StartRow(height: 26);
            notes.Text(T["LedgerIO.Template.NotesTitle"], XlsxStyle.Title);
            notes.StartRow();
            notes.Text(T["LedgerIO.Template.NotesColumn"], XlsxStyle.Header);
            notes.Text(T["LedgerIO.Template.NotesHow"], XlsxStyle.Header);
            foreach (var column in Columns)
            {
                notes.StartRow();
                notes.Text(LedgerColumns.Header(column), XlsxStyle.BodyCentered);
                notes.Text(T[$"LedgerIO.Template.Note.{column}"], XlsxStyle.Body);
            }

            foreach (var general in new[] { "Sample", "Duplicates", "Atomic" })
            {
                notes.StartRow();
                notes.Text("", XlsxStyle.Default);
                notes.Text(T[$"LedgerIO.Template.Note.{general}"], XlsxStyle.Note);
            }
        }
    }

    private static void WriteRow(XlsxSheetWriter sheet, IReadOnlyDictionary<LedgerColumn, string> row, XlsxStyle style)
    {
        sheet.StartRow(RowHeight.For([.. Columns.Select(c => row.GetValueOrDefault(c))], [.. Columns.Select(LedgerColumns.Width)]));
        foreach (var column in Columns)
        {
            sheet.Text(row.TryGetValue(column, out var value) ? value : "", style == XlsxStyle.Body && column is LedgerColumn.Sequence ? XlsxStyle.BodyCentered : style);
        }
    }
}
