using System.Text;

namespace Rectify.Domain.Reports;

/// <summary>Turns raw report text into clean, non-empty lines (one paragraph each).</summary>
internal static class ReportText
{
    public static List<string> ToLines(string text)
    {
        var lines = new List<string>();
        // ReplaceLineEndings covers \r\n, lone \r and the Unicode line/paragraph separators.
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = NormaliseSpaces(raw);
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>
    /// Full-width (U+3000), no-break and other spaces become one ASCII space; zero-width characters and
    /// BOMs go; leading indentation (often 　　) is trimmed. Everything else is kept as written.
    /// </summary>
    internal static string NormaliseSpaces(string line)
    {
        var sb = new StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var c in line)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
