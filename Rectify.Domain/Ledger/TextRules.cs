using System.Text;

namespace Rectify.Domain.Ledger;

/// <summary>Cleaning, trimming and length rules for user-entered text, shared by every entity.</summary>
/// <remarks>
/// Invisible characters are removed, not refused: they arrive by pasting from Word, Excel or web pages (vertical tabs,
/// form feeds, byte-order marks, stray NULs) and the user cannot see, let alone delete, them. Removed are the C0 and C1
/// control characters except line feed and tab, DEL, the byte-order mark, the bidirectional embedding/override/isolate
/// controls (U+202A–U+202E, U+2066–U+2069: they can make a text display differently from what it is), and unpaired
/// surrogates (not valid Unicode; PostgreSQL would refuse them). Line ends become \n. Single-line fields (names,
/// titles, categories, file names) also turn line feeds and tabs into spaces. Lengths are checked after cleaning.
/// </remarks>
public static class TextRules
{
    /// <summary>Trims; throws <c>{code}.required</c> when empty and <c>{code}.too_long</c> (argument: the limit) when longer than <paramref name="maxLength"/>.</summary>
    /// <param name="field">The input property the text came from (<see cref="DomainException.Field"/>).</param>
    public static string Required(string? value, int maxLength, string code, bool singleLine = false, string? field = null)
    {
        var trimmed = Clean(value, singleLine);
        if (trimmed.Length == 0)
        {
            throw new DomainException($"{code}.required") { Field = field };
        }

        return MaxLength(trimmed, maxLength, code, field);
    }

    /// <summary>Trims; empty becomes null; throws <c>{code}.too_long</c> when too long.</summary>
    public static string? Optional(string? value, int maxLength, string code, bool singleLine = false, string? field = null)
    {
        var trimmed = Clean(value, singleLine);
        return trimmed.Length == 0 ? null : MaxLength(trimmed, maxLength, code, field);
    }

    /// <summary>The text without invisible control characters (see the remarks), with \n line ends, trimmed; never null.</summary>
    public static string Clean(string? value, bool singleLine = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (!NeedsCleaning(value, singleLine))
        {
            return value.Trim();
        }

        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c is '\n' or '\t')
            {
                builder.Append(singleLine ? ' ' : c);
            }
            else if (!IsInvisible(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }

    private static bool NeedsCleaning(string value, bool singleLine)
    {
        foreach (var c in value)
        {
            if (c == '\r' || IsInvisible(c) || (singleLine && c is '\n' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Control characters other than \n and \t, and the other characters the remarks list (any lone surrogate half too).</summary>
    private static bool IsInvisible(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\t')
        || c == '\uFEFF'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069'
        || char.IsSurrogate(c);

    private static string MaxLength(string value, int maxLength, string code, string? field) =>
        value.Length <= maxLength
            ? value
            : throw new DomainException($"{code}.too_long", maxLength) { Field = field };
}
