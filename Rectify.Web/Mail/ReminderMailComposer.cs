using System.Net;
using System.Text;

namespace Rectify.Web.Mail;

/// <summary>A composed mail: subject, plain text and HTML (user text already encoded in the HTML).</summary>
public sealed record ComposedMail(string Subject, string Text, string Html);

/// <summary>
/// Single notices (an item was closed) and the signature the leader summary shares. The daily reminders are composed by
/// <see cref="DigestMailComposer"/>.
/// </summary>
public static class ReminderMailComposer
{
    public const string Signature = "整改台账系统（本邮件由系统自动发送，请勿直接回复）";

    /// <summary>A simple notice (e.g. an item was closed) as text and HTML.</summary>
    public static ComposedMail Notice(string subject, string recipientName, IReadOnlyList<string> paragraphs, string? url)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var text = new StringBuilder().Append(recipientName).Append("：\n\n");
        var html = new StringBuilder().Append("<p>").Append(Encode(recipientName)).Append("：</p>");
        foreach (var p in paragraphs)
        {
            text.Append(p).Append("\n\n");
            html.Append("<p>").Append(Encode(p)).Append("</p>");
        }

        if (url is not null)
        {
            text.Append("查看：").Append(url).Append("\n\n");
            html.Append("<p><a href=\"").Append(Encode(url)).Append("\">查看</a></p>");
        }

        text.Append(Signature);
        html.Append("<p>").Append(Encode(Signature)).Append("</p>");
        return new ComposedMail(subject, text.ToString(), html.ToString());
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
