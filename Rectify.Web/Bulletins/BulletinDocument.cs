using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Web.LedgerIO;
using static Rectify.Documents.WordParts;
using DateFormat = Rectify.Web.Localization.DateFormat;
using Text = Rectify.Web.Localization.Text;

namespace Rectify.Web.Bulletins;

/// <summary>
/// The 督查通报 as .docx (A4, 公文 margins): the issuing organisation as title, the 文号 and date, the heading, a paragraph of
/// figures in the register these documents use ("截至…，共有…个问题完成整改并销号，整改完成率…"), then 一、the ranking of
/// organisations by 销号率 with their lights, 二、the overdue items by name, 三、the items closed in the period, 四、the 屡查屡犯
/// problems (only when there are any), then the requirements.
/// </summary>
public static class BulletinDocument
{
    public static byte[] Write(TextCatalog texts, string issuer, string number, string title, BulletinFigures figures, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(culture);
        var text = texts.For(culture);
        string T(string key, params object[] args) => args.Length == 0 ? text[key] : text[key, args];
        string Day(DateOnly? day) => day is { } d ? DateFormat.LongDate(d, culture) : "—";

        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            body.Append(Paragraph(issuer, WordFont.Title, JustificationValues.Center, spacingAfter: 120));
            body.Append(Paragraph(T("Bulletins.Doc.Kind"), WordFont.Title, JustificationValues.Center, spacingAfter: 240));
            body.Append(Paragraph(T("Bulletins.Doc.NumberAndDate", number, Day(figures.AsOf)), WordFont.Body, JustificationValues.Center, spacingAfter: 240));
            body.Append(Paragraph(title, WordFont.Subtitle, JustificationValues.Center, spacingAfter: 240));
            body.Append(Paragraph(Summary(text, figures, culture), WordFont.Body, indent: true));

            body.Append(Paragraph(T("Bulletins.Doc.RankingHeading"), WordFont.Heading, spacingBefore: 240));
            body.Append(Table(
                [T("Bulletins.Col.Rank"), T("Bulletins.Col.Organization"), T("Bulletins.Col.Total"), T("Bulletins.Col.Closed"), T("Bulletins.Col.Rate"), T("Bulletins.Col.Overdue"), T("Bulletins.Col.Light")],
                figures.Branches.Select(b => (IReadOnlyList<string>)
                [
                    b.Rank == 0 ? "—" : b.Rank.ToString(culture), b.Name, b.Total.ToString(culture), b.Closed.ToString(culture),
                    Rate(b.ClosingRate, culture), b.Overdue.ToString(culture), T($"Bulletins.Light.{b.Light}"),
                ]),
                [5, 20, 8, 8, 8, 8, 8]));

            body.Append(Paragraph(T("Bulletins.Doc.OverdueHeading", figures.Overdue), WordFont.Heading, spacingBefore: 240));
            if (figures.OverdueItems.Count == 0)
            {
                body.Append(Paragraph(T("Bulletins.Doc.NoOverdue"), WordFont.Body, indent: true));
            }
            else
            {
                body.Append(Table(
                    [T("Bulletins.Col.Seq"), T("Bulletins.Col.Number"), T("Bulletins.Col.Problem"), T("Bulletins.Col.Organization"), T("Bulletins.Col.Owner"), T("Bulletins.Col.Leader"), T("Bulletins.Col.Deadline"), T("Bulletins.Col.DaysOverdue")],
                    figures.OverdueItems.Select((item, i) => (IReadOnlyList<string>)
                    [
                        (i + 1).ToString(culture), item.Number, item.Description, item.Organization, item.Owner, item.Leader, Day(item.Deadline), (item.Days ?? 0).ToString(culture),
                    ]),
                    [5, 12, 30, 14, 9, 9, 12, 8]));
                if (figures.Overdue > figures.OverdueItems.Count)
                {
                    body.Append(Paragraph(T("Bulletins.Doc.MoreNotListed", figures.Overdue - figures.OverdueItems.Count), WordFont.Body, indent: true));
                }
            }

            body.Append(Paragraph(T("Bulletins.Doc.ClosedHeading", figures.ClosedInPeriod), WordFont.Heading, spacingBefore: 240));
            if (figures.ClosedItems.Count == 0)
            {
                body.Append(Paragraph(T("Bulletins.Doc.NoneClosed"), WordFont.Body, indent: true));
            }
            else
            {
                body.Append(Table(
                    [T("Bulletins.Col.Seq"), T("Bulletins.Col.Number"), T("Bulletins.Col.Problem"), T("Bulletins.Col.Organization"), T("Bulletins.Col.Owner"), T("Bulletins.Col.ClosedOn")],
                    figures.ClosedItems.Select((item, i) => (IReadOnlyList<string>)
                    [
                        (i + 1).ToString(culture), item.Number, item.Description, item.Organization, item.Owner, Day(item.ClosedOn),
                    ]),
                    [5, 12, 36, 16, 10, 12]));
                if (figures.ClosedInPeriod > figures.ClosedItems.Count)
                {
                    body.Append(Paragraph(T("Bulletins.Doc.MoreNotListed", figures.ClosedInPeriod - figures.ClosedItems.Count), WordFont.Body, indent: true));
                }
            }

            var recurrences = figures.RecurrenceItems ?? [];
            if (recurrences.Count > 0)
            {
                var count = figures.Recurrences ?? recurrences.Count;
                body.Append(Paragraph(T("Bulletins.Doc.RecurrenceHeading", count), WordFont.Heading, spacingBefore: 240));
                body.Append(Table(
                    [T("Bulletins.Col.Seq"), T("Bulletins.Col.Number"), T("Bulletins.Col.Problem"), T("Bulletins.Col.Organization"), T("Bulletins.Col.EarlierNumber")],
                    recurrences.Select((item, i) => (IReadOnlyList<string>)
                    [
                        (i + 1).ToString(culture), item.Number, item.Description, item.Organization, item.EarlierNumber,
                    ]),
                    [5, 12, 42, 16, 12]));
                if (count > recurrences.Count)
                {
                    body.Append(Paragraph(T("Bulletins.Doc.MoreNotListed", count - recurrences.Count), WordFont.Body, indent: true));
                }
            }

            body.Append(Paragraph(T(recurrences.Count > 0 ? "Bulletins.Doc.RequirementsHeadingAfterRecurrences" : "Bulletins.Doc.RequirementsHeading"), WordFont.Heading, spacingBefore: 240));
            body.Append(Paragraph(T("Bulletins.Doc.Requirements"), WordFont.Body, indent: true));
            body.Append(Paragraph(issuer, WordFont.Body, JustificationValues.Right, spacingBefore: 480));
            body.Append(Paragraph(Day(figures.AsOf), WordFont.Body, JustificationValues.Right));
            body.Append(A4Portrait());
            main.Document = new Document(body);
            main.Document.Save();
        }

        return memory.ToArray();
    }

    /// <summary>"截至2026年12月1日，共有问题整改事项12个（其中屡查屡犯问题1个），已完成整改并销号5个，整改完成率41.7%；…" — also the mail's text.</summary>
    public static string Summary(Microsoft.Extensions.Localization.IStringLocalizer<Text> text, BulletinFigures figures, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(figures);
        return text["Bulletins.Doc.Summary",
            DateFormat.LongDate(figures.AsOf, culture), figures.Total, figures.Closed, Rate(figures.ClosingRate, culture),
            figures.Unfinished, figures.Overdue, DateFormat.LongDate(figures.PeriodStart, culture), DateFormat.LongDate(figures.PeriodEnd, culture), figures.ClosedInPeriod,
            figures.Recurrences is > 0 and var recurrences ? text["Bulletins.Doc.SummaryRecurrences", recurrences].Value : ""];
    }

    private static string Rate(decimal? rate, CultureInfo culture) => rate is { } r ? r.ToString("0.0", culture) + "%" : "—";
}
