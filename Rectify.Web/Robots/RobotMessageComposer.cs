using System.Text;
using Rectify.Domain.Reminders;
using Rectify.Web.Jobs;

namespace Rectify.Web.Robots;

/// <summary>
/// Writes group messages in Chinese (the groups are the branch's; texts in Localization/{zh,en}/robots.json): the morning
/// summary with a link to each item and to the full lists, the 通报 notice, and the test message. Markdown uses only what all
/// three platforms render: bold, links and line breaks.
/// </summary>
public sealed class RobotMessageComposer(IStringLocalizer<Text> text, IOptions<PublicUrlOptions> urls, IOptions<RobotOptions> options)
{
    public static readonly CultureInfo Chinese = new("zh-CN");

    /// <summary>The morning summary of <paramref name="summary"/> for <paramref name="organizationName"/>.</summary>
    /// <param name="people">Names and mobiles (if on record) of the people the lines concern, by user id.</param>
    public RobotMessage Summary(BranchSummary summary, string organizationName, IReadOnlyDictionary<string, RobotMention> people, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(people);
        return InCulture(culture ?? Chinese, () =>
        {
            var title = T("Robots.Summary.Title", organizationName, DateFormat.LongDate(summary.Day, CultureInfo.CurrentUICulture));
            var markdown = new StringBuilder().Append("**").Append(title).Append("**\n");
            var plain = new StringBuilder().Append(title).Append('\n');
            string Name(string id) => people.TryGetValue(id, out var p) ? p.Name : "";
            Section(markdown, plain, T("Robots.Summary.Overdue", summary.Overdue.Count), summary.Overdue,
                l => T("Robots.Summary.OverdueLine", l.Days, Name(l.OwnerId)), ListUrl(summary.OrganizationId, "due=Overdue"));
            Section(markdown, plain, T("Robots.Summary.DueSoon", summary.DueSoon.Count, options.Value.DueSoonDays), summary.DueSoon,
                l => l.Days == 0 ? T("Robots.Summary.DueTodayLine", Name(l.OwnerId)) : T("Robots.Summary.DueSoonLine", l.Days, Name(l.OwnerId)),
                ListUrl(summary.OrganizationId, "due=DueSoon"));
            Section(markdown, plain, T("Robots.Summary.AwaitingSignOff", summary.AwaitingSignOff.Count), summary.AwaitingSignOff,
                l => T("Robots.Summary.AwaitingLine", l.Days, Name(l.LeaderId)), ListUrl(summary.OrganizationId, "status=AwaitingSignOff"));
            var mentions = summary.PeopleToMention.Where(people.ContainsKey).Select(id => people[id]).ToList();
            if (mentions.Count > 0)
            {
                var names = string.Join(T("Robots.Separator"), mentions.Select(m => m.Name));
                markdown.Append('\n').Append(T("Robots.Summary.Please", names)).Append('\n');
                plain.Append('\n').Append(T("Robots.Summary.Please", names)).Append('\n');
            }

            return new RobotMessage(title, markdown.ToString().TrimEnd(), plain.ToString().TrimEnd(), mentions);
        });
    }

    /// <summary>"【督查通报】… 已印发" with the headline figures and the link to the document.</summary>
    public RobotMessage Bulletin(string title, string number, string summaryParagraph, string url, CultureInfo? culture = null) =>
        InCulture(culture ?? Chinese, () =>
        {
            var heading = T("Robots.Bulletin.Title", title, number);
            var link = T("Robots.Bulletin.Link");
            return new RobotMessage(
                heading,
                $"**{heading}**\n{summaryParagraph}\n[{link}]({url})",
                $"{heading}\n{summaryParagraph}\n{link}：{url}",
                []);
        });

    /// <summary>The settings page's test message.</summary>
    public RobotMessage Test(string organizationName, DateTimeOffset at, CultureInfo? culture = null) =>
        InCulture(culture ?? Chinese, () =>
        {
            var title = T("Robots.Test.Title");
            var body = T("Robots.Test.Body", organizationName, at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            return new RobotMessage(title, $"**{title}**\n{body}\n[{T("Robots.Test.Link")}]({urls.Value.PublicBaseUrl.TrimEnd('/')}/)", $"{title}\n{body}", []);
        });

    private void Section(StringBuilder markdown, StringBuilder plain, string heading, IReadOnlyList<BranchSummaryLine> lines, Func<BranchSummaryLine, string> state, string listUrl)
    {
        if (lines.Count == 0)
        {
            return;
        }

        markdown.Append('\n').Append("**").Append(heading).Append("**\n");
        plain.Append('\n').Append('【').Append(heading).Append("】\n");
        foreach (var line in lines.Take(options.Value.LinesPerSection))
        {
            var url = urls.Value.ItemUrl(line.ItemId);
            var label = $"{line.Number} {line.Title}";
            markdown.Append("- [").Append(EscapeMarkdown(label)).Append("](").Append(url).Append(") ").Append(state(line)).Append('\n');
            plain.Append("- ").Append(label).Append(' ').Append(state(line)).Append('\n').Append("  ").Append(url).Append('\n');
        }

        var rest = lines.Count - options.Value.LinesPerSection;
        var all = rest > 0 ? T("Robots.Summary.More", rest) : T("Robots.Summary.All");
        markdown.Append("- [").Append(all).Append("](").Append(listUrl).Append(")\n");
        plain.Append("- ").Append(all).Append(' ').Append(listUrl).Append('\n');
    }

    private string ListUrl(int organizationId, string filter) =>
        string.Create(CultureInfo.InvariantCulture, $"{urls.Value.PublicBaseUrl.TrimEnd('/')}/items?org={organizationId}&{filter}");

    /// <summary>Square brackets in a title would end the link text early.</summary>
    private static string EscapeMarkdown(string value) => value.Replace('[', '［').Replace(']', '］');

    private string T(string key, params object[] args) =>
        args.Length == 0 ? text[key].Value : string.Format(CultureInfo.CurrentUICulture, text[key].Value, args);

    private static TResult InCulture<TResult>(CultureInfo culture, Func<TResult> compose)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
        try
        {
            return compose();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }
}
