using System.Text;
using MimeKit;

namespace Rectify.Web.Mail;

/// <summary>
/// Turns an <see cref="OutgoingMail"/> into MimeKit's <see cref="MimeMessage"/>, the one form both transports send or write:
/// From (Mail:FromName/FromAddress), To, Subject, Date, the stable Message-ID, and the plain text with the HTML as its
/// alternative (multipart/alternative) in UTF-8. MimeKit encodes the Chinese headers (RFC 2047) and picks each body's transfer
/// encoding when the message is prepared: 8bit when the SMTP server announced 8BITMIME, otherwise base64 or quoted-printable.
/// </summary>
internal static class MimeMessageFactory
{
    /// <summary>
    /// MimeKit folds a header at 78 characters and fills each folded line with one encoded word, which makes the words 76
    /// characters long; RFC 2047 allows 75. One character less per line keeps a long Chinese subject within the rule.
    /// </summary>
    private static readonly FormatOptions HeaderFormat = CreateHeaderFormat();

    /// <exception cref="FormatException">An address that cannot be sent (malformed, or a non-ASCII local part); retrying will not
    /// change that, so nothing goes out.</exception>
    public static MimeMessage Create(MailOptions options, OutgoingMail mail, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mail);
        var message = new MimeMessage();
        message.From.Add(Mailbox(options.FromName, options.FromAddress));
        message.To.Add(Mailbox(mail.ToName, mail.ToAddress));
        var subject = new Header(HeaderId.Subject, "");
        subject.SetValue(HeaderFormat, Encoding.UTF8, mail.Subject);
        message.Headers.Replace(subject); // new MimeMessage() already has an empty Subject
        message.Date = date;
        try
        {
            message.MessageId = mail.MessageId.Trim().TrimStart('<').TrimEnd('>');
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"'{mail.MessageId}' is not a Message-ID (<local@domain>).", ex);
        }

        var body = new BodyBuilder { TextBody = mail.TextBody };
        if (!string.IsNullOrEmpty(mail.HtmlBody))
        {
            body.HtmlBody = mail.HtmlBody;
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private static FormatOptions CreateHeaderFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.MaxLineLength = 76;
        return format;
    }

    /// <summary>
    /// The address as SMTP and the headers carry it (local@domain, ASCII; an internationalised domain in its punycode form).
    /// A non-ASCII local part would need SMTPUTF8, which not every server here speaks: refused before anything is sent.
    /// </summary>
    /// <exception cref="FormatException">Not an address that can be sent.</exception>
    public static MailboxAddress Mailbox(string? name, string address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Any(char.IsControl)
            || !System.Net.Mail.MailAddress.TryCreate(address.Trim(), out var parsed) || parsed.DisplayName.Length > 0)
        {
            throw new FormatException($"'{address}' is not an e-mail address.");
        }

        if (parsed.User.Any(c => c > '~'))
        {
            throw new FormatException($"'{address}' has a non-ASCII local part, which needs SMTPUTF8 (not supported).");
        }

        var host = parsed.Host.StartsWith('[') ? parsed.Host : new IdnMapping().GetAscii(parsed.Host);
        return new MailboxAddress(string.IsNullOrWhiteSpace(name) ? "" : name.Trim(), $"{parsed.User}@{host}");
    }
}
