using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace Rectify.Web.Mail;

/// <summary>
/// Writes the RFC 5322 / MIME text of an <see cref="OutgoingMail"/>: the one format both transports use (MimeKit is not available
/// here). UTF-8 throughout; header text that is not plain printable ASCII (the Chinese subject and names) as RFC 2047 "B" encoded
/// words of at most 75 characters that never split a character, folded onto continuation lines; plain text first and the HTML
/// as its alternative (multipart/alternative); Date and the stable Message-ID. Lines end in CRLF and the text ends with one.
/// </summary>
/// <remarks>
/// A body goes as 8bit UTF-8 when the receiver accepts it (<paramref name="eightBit"/>: the SMTP server announced 8BITMIME) and
/// every line fits SMTP's 998-octet limit; otherwise as base64. Dot-stuffing is not done here: it belongs to SMTP's DATA framing
/// (<see cref="SmtpConnection"/>), not to the message.
/// </remarks>
internal static class MimeMessageWriter
{
    private const int MaxLineOctets = 998;

    // "=?utf-8?B?" + base64 + "?=" must stay within 75 characters: 63 base64 characters hold 45 bytes (60 characters).
    private const int EncodedWordBytes = 45;

    /// <summary>The message as bytes ready for DATA (before dot-stuffing) or for an .eml file.</summary>
    /// <exception cref="FormatException">An address that cannot be sent (malformed, or a non-ASCII local part).</exception>
    public static byte[] Write(MailOptions options, OutgoingMail mail, DateTimeOffset date, bool eightBit)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mail);
        var from = Mailbox(options.FromName, AddrSpec(options.FromAddress));
        var to = Mailbox(mail.ToName, AddrSpec(mail.ToAddress));
        var messageId = mail.MessageId.Trim();
        if (!messageId.StartsWith('<') || !messageId.EndsWith('>') || messageId.Any(c => c <= ' ' || c > '~'))
        {
            throw new FormatException($"'{mail.MessageId}' is not a Message-ID (<local@domain>, printable ASCII).");
        }

        var text = new StringBuilder();
        text.Append("From: ").Append(from).Append("\r\n");
        text.Append("To: ").Append(to).Append("\r\n");
        text.Append("Subject: ").Append(HeaderText(mail.Subject)).Append("\r\n");
        text.Append("Date: ").Append(date.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("Message-ID: ").Append(messageId).Append("\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        if (string.IsNullOrEmpty(mail.HtmlBody))
        {
            AppendPart(text, "text/plain", mail.TextBody, eightBit);
        }
        else
        {
            var boundary = "=_rectify_" + Guid.NewGuid().ToString("N"); // "=_" never occurs in base64
            text.Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append("\"\r\n\r\n");
            text.Append("--").Append(boundary).Append("\r\n");
            AppendPart(text, "text/plain", mail.TextBody, eightBit);
            text.Append("--").Append(boundary).Append("\r\n");
            AppendPart(text, "text/html", mail.HtmlBody, eightBit);
            text.Append("--").Append(boundary).Append("--\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// The address as SMTP and the headers carry it (local@domain, ASCII). An internationalised domain becomes its punycode form;
    /// a non-ASCII local part would need SMTPUTF8, which this transport does not speak.
    /// </summary>
    /// <exception cref="FormatException">Not an address that can be sent; retrying will not change that.</exception>
    public static string AddrSpec(string address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Any(char.IsControl) || !MailAddress.TryCreate(address.Trim(), out var parsed)
            || parsed.DisplayName.Length > 0)
        {
            throw new FormatException($"'{address}' is not an e-mail address.");
        }

        if (parsed.User.Any(c => c > '~'))
        {
            throw new FormatException($"'{address}' has a non-ASCII local part, which needs SMTPUTF8 (not supported).");
        }

        var host = parsed.Host.StartsWith('[') ? parsed.Host : new IdnMapping().GetAscii(parsed.Host);
        return $"{parsed.User}@{host}";
    }

    /// <summary>RFC 2047 "B" encoded words for UTF-8 text, each at most 75 characters and holding whole characters only.</summary>
    public static IEnumerable<string> EncodedWords(string text)
    {
        var buffer = new byte[EncodedWordBytes];
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count + rune.Utf8SequenceLength > EncodedWordBytes)
            {
                yield return Word(buffer, count);
                count = 0;
            }

            count += rune.EncodeToUtf8(buffer.AsSpan(count));
        }

        if (count > 0 || text.Length == 0)
        {
            yield return Word(buffer, count);
        }

        static string Word(byte[] bytes, int length) => "=?utf-8?B?" + Convert.ToBase64String(bytes, 0, length) + "?=";
    }

    private static string Mailbox(string? name, string addrSpec) =>
        string.IsNullOrWhiteSpace(name) ? $"<{addrSpec}>" : $"{Phrase(name.Trim())} <{addrSpec}>";

    /// <summary>A display name: a quoted string when it is printable ASCII, else encoded words.</summary>
    private static string Phrase(string name) =>
        IsPlainAscii(name) && !name.Contains("=?", StringComparison.Ordinal)
            ? "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : string.Join("\r\n ", EncodedWords(name));

    /// <summary>Unstructured header text (Subject): as is when it is short printable ASCII, else encoded words.</summary>
    private static string HeaderText(string value) =>
        IsPlainAscii(value) && value.Length <= 900 && !value.Contains("=?", StringComparison.Ordinal)
            ? value
            : string.Join("\r\n ", EncodedWords(value));

    private static bool IsPlainAscii(string value) => value.All(c => c is >= ' ' and <= '~');

    private static void AppendPart(StringBuilder text, string mediaType, string body, bool eightBit)
    {
        var crlf = ToCrlf(body);
        text.Append("Content-Type: ").Append(mediaType).Append("; charset=utf-8\r\n");
        if (eightBit && FitsEightBit(crlf))
        {
            text.Append("Content-Transfer-Encoding: 8bit\r\n\r\n").Append(crlf);
        }
        else
        {
            text.Append("Content-Transfer-Encoding: base64\r\n\r\n")
                .Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(crlf), Base64FormattingOptions.InsertLineBreaks));
        }

        text.Append("\r\n");
    }

    /// <summary>Text line breaks in their canonical form: a lone LF or CR becomes CRLF (SMTP forbids bare ones).</summary>
    private static string ToCrlf(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\r\n", StringComparison.Ordinal);

    private static bool FitsEightBit(string crlfText) =>
        !crlfText.Contains('\0') && crlfText.Split("\r\n").All(line => Encoding.UTF8.GetByteCount(line) <= MaxLineOctets);
}
