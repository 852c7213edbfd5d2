using System.Globalization;
using System.Net;
using System.Text;
using Rectify.Domain.Reminders;
using Rectify.Web.Localization;

namespace Rectify.Web.Mail;

/// <summary>A composed mail: subject, plain text and HTML (user text already encoded in the HTML).</summary>
public sealed record ComposedMail(string Subject, string Text, string Html);

/// <summary>
/// Chinese reminder mails: one line per item with 编号, problem, deadline, days and a link to the item. Mail content is
/// Chinese by design (the recipients are Chinese party organisations), like the subjects from <see cref="ReminderSubject"/>.
/// </summary>
public static class ReminderMailComposer
{
    public const string Signature = "整改台账系统（本邮件由系统自动发送，请勿直接回复）";

    public static ComposedMail Compose(ReminderDigest digest, string recipientName, Func<Guid, string> itemUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(itemUrl);
        var intro = digest.Kind switch
        {
            DigestKind.OwnerDeadlines => "以下整改事项需要您关注：",
            DigestKind.LeaderEscalation => "您负责的以下整改事项已逾期，请督促整改：",
            DigestKind.AdminEscalation => "以下整改事项逾期时间较长，请跟踪督办：",
            DigestKind.LeaderDecisions => "以下申请等待您审核：",
            _ => "整改事项提醒：",
        };

        var text = new StringBuilder();
        text.Append(recipientName).Append("：\n\n").Append(intro).Append("\n\n");
        var html = new StringBuilder();
        html.Append("<p>").Append(Encode(recipientName)).Append("：</p><p>").Append(Encode(intro)).Append("</p>");
        html.Append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\">");
        html.Append("<tr><th>编号</th><th>问题</th><th>整改时限</th><th>情况</th><th>链接</th></tr>");
        foreach (var line in digest.Lines)
        {
            var deadline = line.Deadline is { } d ? DateFormat.LongDate(d) : "—";
            var days = Describe(line);
            var url = itemUrl(line.ItemId);
            text.Append(CultureInfo.InvariantCulture, $"编号：{line.Number}\n问题：{line.Title}\n整改时限：{deadline}\n情况：{days}\n查看：{url}\n\n");
            html.Append("<tr><td>").Append(Encode(line.Number))
                .Append("</td><td>").Append(Encode(line.Title))
                .Append("</td><td>").Append(Encode(deadline))
                .Append("</td><td>").Append(Encode(days))
                .Append("</td><td><a href=\"").Append(Encode(url)).Append("\">查看</a></td></tr>");
        }

        html.Append("</table><p>").Append(Encode(Signature)).Append("</p>");
        text.Append(Signature);
        return new ComposedMail(digest.Subject, text.ToString(), html.ToString());
    }

    public static string Describe(ReminderLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var n = line.Days ?? 0;
        return line.Reason switch
        {
            ReminderReason.DueSoon => $"还有{n}天到期",
            ReminderReason.DueToday => "今天到期",
            ReminderReason.Overdue => $"已逾期{n}天",
            ReminderReason.EscalatedOverdue => $"已逾期{n}天",
            ReminderReason.LongTermReportMissing => $"进展已超期{n}天未报送",
            ReminderReason.AwaitingYourSignOff => $"销号申请已等待{n}天",
            ReminderReason.AwaitingYourExtensionDecision => $"延期申请已等待{n}天",
            _ => "",
        };
    }

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
