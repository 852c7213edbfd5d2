using System.Text;
using System.Threading.Channels;
using Rectify.Documents;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// 整改台账 as .xlsx: a title row, a line saying what was filtered and when, the twelve columns users keep
/// (frozen header, wrapped text, auto-filter), overdue rows in red, printable on A4 landscape one page wide with the
/// header repeated on every page. Only the items the user may read (<see cref="ItemQueries.FilteredAsync"/>).
/// </summary>
public sealed class LedgerExcelExporter(
    LedgerExportRows rows,
    IDbContextFactory<RectifyDbContext> dbFactory,
    OrganizationDirectory organizations,
    LedgerClock clock,
    IStringLocalizer<Text> T)
{
    public const int HeaderRow = 3;

    // 10 batches of 200: at most 2,000 rows queued between reading and writing, as before batching.
    private const int BatchRows = 200;
    private const int QueuedBatches = 10;

    /// <summary>
    /// Writes the workbook to <paramref name="output"/>: synchronously, with an asynchronous <see cref="Stream.FlushAsync(CancellationToken)"/>
    /// every 500 rows (give it a file or memory stream, or a <see cref="ResponseBodyStream"/> over a response body).
    /// </summary>
    /// <returns>The number of items written.</returns>
    public async Task<int> ExportAsync(
        AccessContext access, ItemFilter filter, Stream output, IProgress<LedgerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = await rows.CountAsync(access, filter, cancellationToken);
        progress?.Report(new LedgerProgress(LedgerPhase.Writing, 0, total));
        var today = clock.Today;
        var description = await DescribeAsync(filter, cancellationToken);

        using var workbook = new XlsxWriter(output);
        using var sheet = workbook.StartSheet(T["LedgerIO.Sheet.Name"], Layout() with { Footer = T["LedgerIO.Sheet.Footer"] });
        sheet.StartRow(height: 30);
        sheet.Text(T["LedgerIO.Sheet.Title"], XlsxStyle.Title);
        sheet.StartRow(height: 20);
        sheet.Text(T["LedgerIO.Sheet.Subtitle", description, DateFormat.LongDate(today), total], XlsxStyle.Subtitle);
        WriteHeader(sheet, LedgerColumns.Ledger);

        // Reading (SQLite/PostgreSQL and EF) and writing (XML and deflate) take about as long as each other: run them on two
        // threads, with a bounded queue between them so memory stays flat (docs/performance.md, export). Rows pass in batches:
        // one at a time, the two threads spent a tenth of the export taking turns at the queue's lock.
        var queue = Channel.CreateBounded<LedgerExportRow[]>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => ReadIntoAsync(access, filter, total, queue.Writer, stop.Token), CancellationToken.None);
        var written = 0;
        try
        {
            await foreach (var batch in queue.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var row in batch)
                {
                    WriteRow(sheet, ++written, row, today);
                    if (written % 500 == 0)
                    {
                        progress?.Report(new LedgerProgress(LedgerPhase.Writing, written, total));
                        await output.FlushAsync(cancellationToken);
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }

        progress?.Report(new LedgerProgress(LedgerPhase.Done, written, total));
        return written;
    }

    private async Task ReadIntoAsync(AccessContext access, ItemFilter filter, int total, ChannelWriter<LedgerExportRow[]> queue, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<LedgerExportRow>(BatchRows);
            await foreach (var row in rows.ReadAsync(access, filter, cancellationToken, total))
            {
                batch.Add(row);
                if (batch.Count == BatchRows)
                {
                    await queue.WriteAsync([.. batch], cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await queue.WriteAsync([.. batch], cancellationToken);
            }

            queue.Complete();
        }
        catch (Exception e)
        {
            // The writer sees the error (or, when it stopped first, nobody needs it).
            queue.TryComplete(e);
        }
    }

    /// <summary>File name like 整改台账-2026-11-22.xlsx.</summary>
    public string FileName() => $"{T["LedgerIO.Sheet.Title"]}-{DeadlineText.Iso(clock.Today)}.xlsx";

    internal static XlsxSheetLayout Layout() => new()
    {
        ColumnWidths = ColumnWidths,
        FrozenRows = HeaderRow,
        HeaderRow = HeaderRow,
        FullWidthRows = [1, 2],
        Landscape = true,
    };

    internal static void WriteHeader(XlsxSheetWriter sheet, IEnumerable<LedgerColumn> columns)
    {
        sheet.StartRow(height: 24);
        foreach (var column in columns)
        {
            sheet.Text(LedgerColumns.Header(column), XlsxStyle.Header);
        }
    }

    private void WriteRow(XlsxSheetWriter sheet, int sequence, LedgerExportRow row, DateOnly today)
    {
        var overdue = row.DaysOverdue(today);
        var body = overdue is null ? XlsxStyle.Body : XlsxStyle.Overdue;
        var centered = overdue is null ? XlsxStyle.BodyCentered : XlsxStyle.OverdueCentered;
        string?[] values =
        [
            null,
            ProblemSourceNames.Name(row.Source),
            row.Description,
            MeasureLines(row.Measures),
            row.LeaderName,
            row.OrganizationName,
            row.OwnerName,
            Deadline(row),
            row.LatestProgressDate is { } date ? $"{DeadlineText.Iso(date)} {row.LatestProgress}" : "",
            Completion(row, overdue),
            row.ClosedAt is { } closed ? DeadlineText.Iso(clock.DayOf(closed)) : "",
            row.Remarks,
        ];
        sheet.StartRow(RowHeight.For(values, ColumnWidths));
        sheet.Number(sequence, centered);
        for (var i = 1; i < values.Length; i++)
        {
            sheet.Text(values[i], LedgerColumns.Ledger[i] is LedgerColumn.Description or LedgerColumn.Measures or LedgerColumn.Progress or LedgerColumn.Completion or LedgerColumn.Remarks ? body : centered);
        }
    }

    private static readonly double[] ColumnWidths = [.. LedgerColumns.Ledger.Select(LedgerColumns.Width)];

    /// <summary>Measures one per line, numbered "1. …" (the importer strips the numbers again).</summary>
    public static string MeasureLines(IReadOnlyList<string> measures)
    {
        switch (measures.Count)
        {
            case 0:
                return "";
            case 1:
                return string.Concat("1. ", measures[0]);
            default:
                var text = new StringBuilder();
                for (var i = 0; i < measures.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append('\n');
                    }

                    text.Append(i + 1).Append(". ").Append(measures[i]);
                }

                return text.ToString();
        }
    }

    /// <summary>
    /// 整改时限 as <see cref="DeadlineText.Format"/> writes it, with 立行立改 / 长期坚持 on one line and the date or period below
    /// it (narrow column, clean wrap): "立行立改（2026-12-01）" becomes "立行立改\n2026-12-01".
    /// </summary>
    internal static string Deadline(LedgerExportRow row) => row.DeadlineType switch
    {
        DeadlineType.LongTerm => string.Concat(DeadlineTypeNames.Name(row.DeadlineType), "\n", ReportingPeriodNames.Name(row.Period ?? ReportingPeriod.Monthly)),
        DeadlineType.Immediate => row.Deadline is { } d ? string.Concat(DeadlineTypeNames.Name(row.DeadlineType), "\n", DeadlineText.Iso(d)) : DeadlineTypeNames.Name(row.DeadlineType),
        _ => row.Deadline is { } date ? DeadlineText.Iso(date) : "",
    };

    private string Completion(LedgerExportRow row, int? overdue)
    {
        var status = T.NameOf(row.Status);
        var text = string.IsNullOrWhiteSpace(row.CompletionSummary) ? status : T["LedgerIO.Sheet.StatusWithSummary", status, row.CompletionSummary];
        return overdue is int days ? T["LedgerIO.Sheet.Overdue", text, days] : text;
    }

    private async Task<string> DescribeAsync(ItemFilter filter, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        if (filter.ProblemListId is { } listId)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var title = await db.ProblemLists.Where(l => l.Id == listId).Select(l => l.Title).FirstOrDefaultAsync(cancellationToken);
            parts.Add(T["LedgerIO.Filter.List", title ?? ""]);
        }

        if (filter.Source is { } source)
        {
            parts.Add(T["LedgerIO.Filter.Source", T.NameOf(source)]);
        }

        if (filter.OrganizationId is { } org)
        {
            var names = (await organizations.GetAsync(cancellationToken)).Names;
            parts.Add(T["LedgerIO.Filter.Organization", names.TryGetValue(org, out var name) ? name : org.ToString(CultureInfo.InvariantCulture)]);
        }

        if (!string.IsNullOrEmpty(filter.LeaderId))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var leader = await db.Users.Where(u => u.Id == filter.LeaderId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
            parts.Add(T["LedgerIO.Filter.Leader", leader ?? ""]);
        }

        if (filter.Status is { } status)
        {
            parts.Add(T["LedgerIO.Filter.Status", T.NameOf(status)]);
        }

        if (!string.IsNullOrEmpty(filter.Category))
        {
            parts.Add(T["LedgerIO.Filter.Category", T.CategoryName(filter.Category)]);
        }

        if (filter.Due != DueFilter.All)
        {
            parts.Add(T[$"LedgerIO.Filter.Due.{filter.Due}"]);
        }

        if (!string.IsNullOrEmpty(filter.Text))
        {
            parts.Add(T["LedgerIO.Filter.Text", filter.Text]);
        }

        return parts.Count == 0 ? T["LedgerIO.Filter.All"] : string.Join(T["LedgerIO.Filter.Separator"], parts);
    }
}
