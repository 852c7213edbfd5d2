using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace Rectify.Web.Mail;

/// <summary>
/// Builds the System.Net.Mail message both transports send: UTF-8 throughout (subject and names as RFC 2047 encoded words,
/// bodies base64), plain text first and HTML as the alternative, and the stable Message-ID.
/// </summary>
internal static class MailMessageBuilder
{
    public static MailMessage Build(MailOptions options, OutgoingMail mail)
    {
        var message = new MailMessage
        {
            From = new MailAddress(options.FromAddress, options.FromName, Encoding.UTF8),
            Subject = mail.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            Body = mail.TextBody,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncoding.Base64,
            IsBodyHtml = false,
        };
        try
        {
            message.To.Add(new MailAddress(mail.ToAddress, mail.ToName, Encoding.UTF8));
            message.Headers.Add("Message-ID", mail.MessageId);
            if (!string.IsNullOrEmpty(mail.HtmlBody))
            {
                var html = AlternateView.CreateAlternateViewFromString(mail.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html);
                html.TransferEncoding = TransferEncoding.Base64;
                message.AlternateViews.Add(html);
            }

            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }
}
