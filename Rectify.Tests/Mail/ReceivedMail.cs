using System.Text;
using System.Text.RegularExpressions;

namespace Rectify.Tests.Mail;

/// <summary>
/// A delivered message read back from its raw RFC 5322 text (Maildir file or .eml), just far enough for assertions:
/// unfolded headers with RFC 2047 encoded words decoded, and the text/plain and text/html parts decoded from base64,
/// quoted-printable or 8bit in their charset. (MimeKit is not available here.)
/// </summary>
public sealed partial class ReceivedMail
{
    private readonly Dictionary<string, string> _headers;

    private ReceivedMail(Dictionary<string, string> headers, string? text, string? html)
    {
        _headers = headers;
        TextBody = text;
        HtmlBody = html;
    }

    public string? TextBody { get; }

    public string? HtmlBody { get; }

    public string Subject => Header("Subject") ?? "";

    public string From => Header("From") ?? "";

    public string To => Header("To") ?? "";

    public string? MessageId => Header("Message-ID");

    /// <summary>A header's value, unfolded and decoded; null when absent.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? DecodeWords(value) : null;

    /// <summary>A message file read byte for byte (Latin-1 keeps every byte as one char, so 8bit bodies decode in their charset).</summary>
    public static ReceivedMail Load(string path) => Parse(File.ReadAllText(path, Encoding.Latin1));

    /// <summary>Parses raw message text in which every char stands for one byte (see <see cref="Load"/>).</summary>
    public static ReceivedMail Parse(string raw)
    {
        var (headers, body) = SplitEntity(raw);
        string? text = null, html = null;
        Collect(headers, body, ref text, ref html);
        return new ReceivedMail(headers, text, html);
    }

    private static void Collect(Dictionary<string, string> headers, string body, ref string? text, ref string? html)
    {
        var contentType = headers.GetValueOrDefault("Content-Type") ?? "text/plain; charset=us-ascii";
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = Parameter(contentType, "boundary") ?? throw new FormatException("multipart without boundary");
            foreach (var part in SplitParts(body, boundary))
            {
                var (partHeaders, partBody) = SplitEntity(part);
                Collect(partHeaders, partBody, ref text, ref html);
            }

            return;
        }

        var charset = Parameter(contentType, "charset") ?? "us-ascii";
        var decoded = DecodeBody(body, headers.GetValueOrDefault("Content-Transfer-Encoding") ?? "7bit", charset);
        if (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            html ??= decoded;
        }
        else if (contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            text ??= decoded;
        }
    }

    private static (Dictionary<string, string> Headers, string Body) SplitEntity(string raw)
    {
        raw = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? raw : raw[..end];
        var body = end < 0 ? "" : raw[(end + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && name is not null)
            {
                headers[name] += " " + line.Trim(); // unfold
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            name = line[..colon].Trim();
            if (headers.ContainsKey(name))
            {
                name = null; // keep the first occurrence
                continue;
            }

            headers[name] = line[(colon + 1)..].Trim();
        }

        return (headers, body);
    }

    private static IEnumerable<string> SplitParts(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var sections = body.Split(delimiter);
        // sections[0] is the preamble; the one starting with "--" is the epilogue after the closing delimiter.
        foreach (var section in sections.Skip(1))
        {
            if (section.StartsWith("--", StringComparison.Ordinal))
            {
                yield break;
            }

            yield return section.TrimStart('\n').TrimEnd('\n');
        }
    }

    private static string? Parameter(string headerValue, string name)
    {
        var match = Regex.Match(headerValue, $@"(?:^|;)\s*{name}\s*=\s*(?:""([^""]*)""|([^;\s]+))", RegexOptions.IgnoreCase);
        return match.Success ? (match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value) : null;
    }

    private static string DecodeBody(string body, string transferEncoding, string charset)
    {
        var encoding = Encoding.GetEncoding(charset);
        return transferEncoding.Trim().ToLowerInvariant() switch
        {
            "base64" => encoding.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
            "quoted-printable" => encoding.GetString(QuotedPrintable(body, underscoreIsSpace: false)),
            _ => encoding.GetString(Encoding.Latin1.GetBytes(body)), // 7bit/8bit: the bytes as they are, in the part's charset
        };
    }

    /// <summary>RFC 2047: =?charset?B?...?= and =?charset?Q?...?=, whitespace between adjacent encoded words dropped.</summary>
    private static string DecodeWords(string value)
    {
        var joined = AdjacentWords().Replace(value, "$1$2");
        return EncodedWord().Replace(joined, m =>
        {
            var encoding = Encoding.GetEncoding(m.Groups["charset"].Value);
            var payload = m.Groups["text"].Value;
            var bytes = m.Groups["kind"].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(payload)
                : QuotedPrintable(payload, underscoreIsSpace: true);
            return encoding.GetString(bytes);
        });
    }

    private static byte[] QuotedPrintable(string text, bool underscoreIsSpace)
    {
        var bytes = new List<byte>();
        var input = text.Replace("=\n", "", StringComparison.Ordinal); // soft line breaks
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c == '=' && i + 2 < input.Length && Uri.IsHexDigit(input[i + 1]) && Uri.IsHexDigit(input[i + 2]))
            {
                bytes.Add(Convert.ToByte(input.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '_' && underscoreIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return bytes.ToArray();
    }

    [GeneratedRegex(@"(\?=)\s+(=\?)")]
    private static partial Regex AdjacentWords();

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<kind>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();
}
