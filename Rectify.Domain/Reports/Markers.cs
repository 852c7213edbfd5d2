using System.Text.RegularExpressions;

namespace Rectify.Domain.Reports;

/// <summary>The list and heading markers 述职报告 use.</summary>
internal enum MarkerKind
{
    /// <summary>第一部分 — only ever a section heading.</summary>
    Part,
    /// <summary>一、 — usually a section heading, an entry when the sections have bare headings.</summary>
    CnComma,
    /// <summary>（一） or (一).</summary>
    CnParen,
    /// <summary>（1）, (1) or 1）.</summary>
    ArabicParen,
    /// <summary>1. 1． 1、</summary>
    ArabicDot,
    /// <summary>① ② …</summary>
    Circled,
    /// <summary>一是 二是 …</summary>
    CnShi,
    /// <summary>一要 二要 …</summary>
    CnYao,
    /// <summary>第一， 第二、 …</summary>
    CnOrdinal,
    /// <summary>其一， 其二、 …</summary>
    CnQi,
}

/// <summary>A marker found in a line: its kind, its number, and where it sits.</summary>
internal readonly record struct Marker(MarkerKind Kind, int Ordinal, int Index, int Length)
{
    public int End => Index + Length;
}

internal static partial class Markers
{
    // Punctuation after which an inline marker may start ("…不够严。二是…", "主要表现在：一是…").
    private const string SentenceBreaks = "。；;！!？?：:";

    private const string CnDigits = "一二三四五六七八九";

    // \G anchors every alternative at the position passed to Match; the order matters where
    // prefixes overlap (第一部分 before 第一，).
    [GeneratedRegex("""
        \G(?:
          (?<part>第(?<cn>[一二三四五六七八九十]{1,3})部分)
        | (?<cnparen>[（(](?<cn>[一二三四五六七八九十]{1,3})[）)])
        | (?<arparen>[（(](?<ar>[0-9０-９]{1,2})[）)]|(?<ar>[0-9０-９]{1,2})[)）])
        | (?<ardot>(?<ar>[0-9０-９]{1,2})[.．、](?![0-9０-９]))
        | (?<circled>[①-⑳])
        | (?<shi>(?<cn>[一二三四五六七八九十]{1,3})是)
        | (?<yao>(?<cn>[一二三四五六七八九十]{1,3})要)
        | (?<ordinal>第(?<cn>[一二三四五六七八九十]{1,3})[，,、：:])
        | (?<qi>其(?<cn>[一二三四五六七八九十]{1,3})(?:是|[，,、：:]))
        | (?<cncomma>(?<cn>[一二三四五六七八九十]{1,3})、)
        )
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex MarkerRegex();

    private static readonly (string Group, MarkerKind Kind)[] Groups =
    [
        ("part", MarkerKind.Part), ("cnparen", MarkerKind.CnParen), ("arparen", MarkerKind.ArabicParen),
        ("ardot", MarkerKind.ArabicDot), ("circled", MarkerKind.Circled), ("shi", MarkerKind.CnShi),
        ("yao", MarkerKind.CnYao), ("ordinal", MarkerKind.CnOrdinal), ("qi", MarkerKind.CnQi), ("cncomma", MarkerKind.CnComma),
    ];

    /// <summary>The marker starting exactly at <paramref name="index"/>, if any.</summary>
    public static Marker? At(string line, int index)
    {
        if (index >= line.Length)
        {
            return null;
        }

        var match = MarkerRegex().Match(line, index);
        if (!match.Success)
        {
            return null;
        }

        foreach (var (group, kind) in Groups)
        {
            if (!match.Groups[group].Success)
            {
                continue;
            }

            var ordinal = kind switch
            {
                MarkerKind.Circled => line[index] - '①' + 1,
                MarkerKind.ArabicParen or MarkerKind.ArabicDot => ParseArabic(match.Groups["ar"].Value),
                _ => ParseChinese(match.Groups["cn"].Value),
            };
            return ordinal > 0 ? new Marker(kind, ordinal, index, match.Length) : null;
        }

        return null;
    }

    /// <summary>The marker a line starts with, if any.</summary>
    public static Marker? AtStart(string line) => At(line, 0);

    /// <summary>
    /// A marker counts only at the start of a line or right after a sentence break or a space;
    /// that keeps words like 统一是 or 1.6亿元 from being read as markers.
    /// </summary>
    public static bool IsMarkerPosition(string line, int index) =>
        index == 0 || SentenceBreaks.Contains(line[index - 1]) || line[index - 1] == ' ';

    /// <summary>
    /// Where an entry marker may stand: a marker position, or right after a comma for the markers that only ever
    /// enumerate ("…存在一些问题和不足，一是…", "究其原因，其一…"); 一、 and 第一部分 after a comma are never entries.
    /// </summary>
    public static Marker? EntryAt(string line, int index)
    {
        if (IsMarkerPosition(line, index))
        {
            return At(line, index);
        }

        return index > 0 && line[index - 1] is '，' or ','
            && At(line, index) is { Kind: not (MarkerKind.Part or MarkerKind.CnComma) } marker
                ? marker
                : null;
    }

    /// <summary>All entry markers (see <see cref="EntryAt"/>), from <paramref name="from"/> on, left to right.</summary>
    public static IEnumerable<Marker> FindAll(string line, int from = 0)
    {
        for (var i = from; i < line.Length; i++)
        {
            if (EntryAt(line, i) is { } marker)
            {
                yield return marker;
                i = marker.End - 1;
            }
        }
    }

    /// <summary>一 … 九十九; -1 for anything else (一一, 十十).</summary>
    internal static int ParseChinese(string numeral)
    {
        var ten = numeral.IndexOf('十');
        if (ten < 0)
        {
            return numeral.Length == 1 ? Digit(numeral[0]) : -1;
        }

        var tens = ten switch
        {
            0 => 1,
            1 => Digit(numeral[0]),
            _ => -1,
        };
        var rest = numeral[(ten + 1)..];
        var ones = rest.Length switch
        {
            0 => 0,
            1 => Digit(rest[0]),
            _ => -1,
        };
        return tens > 0 && ones >= 0 ? (tens * 10) + ones : -1;

        static int Digit(char c) => CnDigits.IndexOf(c) is var i and >= 0 ? i + 1 : -1;
    }

    // Full-width digits (１２) appear in reports typed with a Chinese IME.
    private static int ParseArabic(string digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c >= '０' ? c - '０' : c - '0');
        }

        return value;
    }
}
