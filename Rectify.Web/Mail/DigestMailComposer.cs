using System.Globalization;
using System.Net;
using System.Text;
using Rectify.Domain.Reminders;
using Rectify.Web.Localization;

namespace Rectify.Web.Mail;

/// <summary>
/// The one daily mail of a person (<see cref="PersonalDigest"/>): a subject led by the most urgent section ("…，另有…"), then
/// each section as a heading and a table of its items with a link to each. Texts from Localization/{zh,en}/mail.json in the
/// recipient's language (Chinese unless told otherwise); plain text and HTML carry the same content.
/// </summary>
public sealed class DigestMailComposer(TextCatalog texts)
{
    public static readonly CultureInfo Chinese = new("zh-CN");

    public ComposedMail Compose(PersonalDigest digest, string recipientName, Func<Guid, string> itemUrl, CultureInfo? language = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(itemUrl);
        var culture = language ?? Chinese;
        var localizer = texts.For(culture);
        string T(string key, params object[] args) => args.Length == 0 ? localizer[key] : localizer[key, args];

        var text = new StringBuilder();
        var html = new StringBuilder();
        text.Append(T("Mail.Digest.Greeting", recipientName)).Append("\n\n").Append(T("Mail.Digest.Intro")).Append('\n');
        html.Append("<p>").Append(Encode(T("Mail.Digest.Greeting", recipientName))).Append("</p><p>").Append(Encode(T("Mail.Digest.Intro"))).Append("</p>");
        foreach (var section in digest.Sections)
        {
            var heading = T($"Mail.Digest.Section.{section.Section}", section.Lines.Count);
            text.Append('\n').Append("【").Append(heading).Append("】\n");
            html.Append("<h3>").Append(Encode(heading)).Append("</h3>")
                .Append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\"><tr>");
            foreach (var column in new[] { "Number", "Problem", "Deadline", "State", "Link" })
            {
                html.Append("<th>").Append(Encode(T($"Mail.Digest.Column.{column}"))).Append("</th>");
            }

            html.Append("</tr>");
            foreach (var line in section.Lines)
            {
                var deadline = line.Deadline is { } d ? DateFormat.LongDate(d, culture) : T("Mail.Digest.NoDeadline");
                var state = T($"Mail.Line.{line.Reason}", line.Days ?? 0);
                var url = itemUrl(line.ItemId);
                text.Append(CultureInfo.InvariantCulture, $"{line.Number}  {line.Title}\n    {T("Mail.Digest.Column.Deadline")}：{deadline}  {state}\n    {url}\n");
                html.Append("<tr><td>").Append(Encode(line.Number))
                    .Append("</td><td>").Append(Encode(line.Title))
                    .Append("</td><td>").Append(Encode(deadline))
                    .Append("</td><td>").Append(Encode(state))
                    .Append("</td><td><a href=\"").Append(Encode(url)).Append("\">").Append(Encode(T("Mail.Digest.Open"))).Append("</a></td></tr>");
            }

            html.Append("</table>");
        }

        text.Append('\n').Append(T("Mail.Signature"));
        html.Append("<p>").Append(Encode(T("Mail.Signature"))).Append("</p>");
        return new ComposedMail(Subject(digest, culture), text.ToString(), html.ToString());
    }

    /// <summary>"【逾期提醒】您有2项整改事项已逾期，另有1项待您审核、3项即将到期": the most urgent section leads, the rest follow.</summary>
    public string Subject(PersonalDigest digest, CultureInfo? language = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var culture = language ?? Chinese;
        var localizer = texts.For(culture);
        string T(string key, params object[] args) => localizer[key, args];

        var lead = digest.Sections[0];
        var longest = lead.Lines.Max(l => l.Days ?? 0);
        var subject = T($"Mail.Subject.{lead.Section}", lead.Lines.Count, longest);
        var rest = digest.Sections.Skip(1).Select(s => T($"Mail.Subject.Part.{s.Section}", s.Lines.Count)).ToList();
        return rest.Count == 0 ? subject : T("Mail.Subject.Rest", subject, string.Join(localizer["Mail.Subject.Separator"], rest));
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
