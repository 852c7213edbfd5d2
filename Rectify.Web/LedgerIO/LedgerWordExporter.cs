using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Documents;
using DateFormat = Rectify.Web.Localization.DateFormat;
using static Rectify.Documents.WordParts;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// 整改落实情况报告 for one problem list as .docx: title, the list's details, counts (总数/已销号/整改中/逾期), the items marked
/// as recurrences (屡查屡犯: how many, each with the earlier item's number and year), then per item
/// its problem as a numbered heading, 整改措施, the latest 整改进展, 完成情况 and 销号时间. Chinese fonts are set as East Asian
/// fonts on every run (仿宋 body, 黑体 headings, 宋体 title). Only the items the user may read.
/// </summary>
public sealed class LedgerWordExporter(
    LedgerExportRows rows,
    IDbContextFactory<RectifyDbContext> dbFactory,
    OrganizationDirectory organizations,
    LedgerClock clock,
    IStringLocalizer<Localization.Text> T)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const int ProgressEntries = 3;

    /// <summary>
    /// Writes the report and returns its file name (Ok); NotFound when the list does not exist; Forbidden, writing nothing,
    /// when the user may read none of its items and is not one who reads the whole ledger: the list's title, source and
    /// issuer are then none of their business, as on the list's page.
    /// </summary>
    public async Task<CommandResult<string>> ExportAsync(AccessContext access, Guid listId, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var list = await db.ProblemLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, cancellationToken);
        if (list is null)
        {
            return T.NotFound();
        }

        var items = new List<LedgerExportRow>();
        await foreach (var row in rows.ReadAsync(access, new ItemFilter { ProblemListId = listId, Sort = ItemSort.Number }, cancellationToken))
        {
            items.Add(row);
        }

        if (items.Count == 0 && !ItemAccess.ReadScope(access.Actor, access.Organizations).All)
        {
            return T.Forbidden();
        }

        var ids = items.Select(i => i.Id).ToList();
        var progress = (await db.Set<ProgressReport>().AsNoTracking()
                .Where(p => ids.Contains(EF.Property<Guid>(p, "ItemId")))
                .Select(p => new { ItemId = EF.Property<Guid>(p, "ItemId"), p.Date, p.CreatedAt, p.Text, p.Percent })
                .ToListAsync(cancellationToken))
            .GroupBy(p => p.ItemId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Date).ThenByDescending(p => p.CreatedAt).Take(ProgressEntries).ToList());

        // 屡查屡犯: the items of the report marked as recurring an earlier one, with that item's number and year.
        var recurrences = (await (
                from i in db.Items.AsNoTracking().Where(i => ids.Contains(i.Id) && i.RecurrenceOfItemId != null)
                join earlier in db.Items on i.RecurrenceOfItemId equals (Guid?)earlier.Id
                join earlierList in db.ProblemLists on earlier.ProblemListId equals earlierList.Id
                select new { i.Id, EarlierNumber = earlier.Number, earlierList.Date })
            .ToListAsync(cancellationToken))
            .ToDictionary(r => r.Id, r => (r.EarlierNumber, r.Date.Year));

        var today = clock.Today;
        var issuer = (await organizations.GetAsync(cancellationToken)).Names.GetValueOrDefault(list.IssuingOrganizationId, "");
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            body.Append(Paragraph(T["LedgerIO.Word.Title"], WordFont.Title, JustificationValues.Center, spacingAfter: 240));
            body.Append(Paragraph(list.Title, WordFont.Subtitle, JustificationValues.Center, spacingAfter: 240));
            body.Append(Paragraph(T["LedgerIO.Word.ListInfo", T.NameOf(list.Source), DateFormat.LongDate(list.Date), issuer], WordFont.Body));

            var closed = items.Count(i => i.Status == ItemStatus.Closed);
            var overdue = items.Count(i => i.DaysOverdue(today) is not null);
            body.Append(Paragraph(T["LedgerIO.Word.Summary", items.Count, closed, items.Count - closed, overdue, DateFormat.LongDate(today)], WordFont.Body));
            body.Append(Paragraph(T["Recurrence.Word.Summary", recurrences.Count], WordFont.Body));
            foreach (var item in items.Where(i => recurrences.ContainsKey(i.Id)))
            {
                var (earlierNumber, year) = recurrences[item.Id];
                body.Append(Paragraph(T["Recurrence.Word.Line", item.Number, item.Description, year, earlierNumber], WordFont.Body, indent: true));
            }


            var sequence = 0;
            foreach (var item in items)
            {
                sequence++;
                body.Append(Paragraph(T["LedgerIO.Word.ItemHeading", sequence, item.Description], WordFont.Heading, spacingBefore: 240));
                body.Append(Paragraph(T["LedgerIO.Word.Meta", item.Number, item.OrganizationName, item.OwnerName, item.LeaderName, DeadlineText.Format(item.DeadlineType, item.Deadline, item.Period)], WordFont.Body));
                body.Append(Paragraph(T["LedgerIO.Word.Measures"], WordFont.Label));
                if (item.Measures.Count == 0)
                {
                    body.Append(Paragraph(T["LedgerIO.Word.None"], WordFont.Body, indent: true));
                }

                for (var m = 0; m < item.Measures.Count; m++)
                {
                    body.Append(Paragraph(T["LedgerIO.Word.MeasureLine", m + 1, item.Measures[m]], WordFont.Body, indent: true));
                }

                body.Append(Paragraph(T["LedgerIO.Word.Progress"], WordFont.Label));
                if (!progress.TryGetValue(item.Id, out var entries) || entries.Count == 0)
                {
                    body.Append(Paragraph(T["LedgerIO.Word.NoProgress"], WordFont.Body, indent: true));
                }
                else
                {
                    foreach (var entry in entries)
                    {
                        var line = entry.Percent is int percent
                            ? T["LedgerIO.Word.ProgressLinePercent", DateFormat.LongDate(entry.Date), entry.Text, percent]
                            : T["LedgerIO.Word.ProgressLine", DateFormat.LongDate(entry.Date), entry.Text];
                        body.Append(Paragraph(line, WordFont.Body, indent: true));
                    }
                }

                var status = T.NameOf(item.Status);
                var completion = string.IsNullOrWhiteSpace(item.CompletionSummary) ? status : T["LedgerIO.Sheet.StatusWithSummary", status, item.CompletionSummary].Value;
                if (item.DaysOverdue(today) is int days)
                {
                    completion = T["LedgerIO.Sheet.Overdue", completion, days];
                }

                body.Append(Labelled(T["LedgerIO.Word.Completion"], completion));
                body.Append(Labelled(T["LedgerIO.Word.ClosedOn"], item.ClosedAt is { } at ? DateFormat.LongDate(clock.DayOf(at)) : T["LedgerIO.Word.NotClosed"]));
            }

            if (items.Count == 0)
            {
                body.Append(Paragraph(T["LedgerIO.Word.Empty"], WordFont.Body));
            }

            // A4 portrait with the margins of official documents (公文: 3.7 cm top, 2.8 cm left).
            body.Append(WordParts.A4Portrait());
            main.Document = new Document(body);
            main.Document.Save();
        }

        memory.Position = 0;
        await memory.CopyToAsync(output, cancellationToken);
        return CommandResult<string>.Ok($"{T["LedgerIO.Word.Title"]}-{Safe(list.Title)}.docx");
    }

    private static string Safe(string name) =>
        string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '"' or '\'' ? '_' : c));
}
