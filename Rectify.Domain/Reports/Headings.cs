namespace Rectify.Domain.Reports;

/// <summary>Finds where a heading ends and its body (if on the same line) begins.</summary>
internal static class Headings
{
    private const string HeadingEnds = "。：:；;！!？?";

    /// <summary>
    /// Splits "二、存在的问题：一是…" after a numbered marker into heading text and the start of the body.
    /// The heading ends at punctuation, a space, or the first item marker (二、存在问题一是…);
    /// false when no end is found within a heading's length.
    /// </summary>
    public static bool TrySplitNumbered(string line, Marker marker, out string heading, out int bodyStart)
    {
        // "一、 存在的问题": Word's list numbers are followed by a tab, read as a space.
        var start = marker.End < line.Length && line[marker.End] == ' ' ? marker.End + 1 : marker.End;
        var limit = Math.Min(line.Length, start + HeadingRules.MaxNumberedHeadingLength + 1);
        for (var i = start; i < limit; i++)
        {
            if (HeadingEnds.Contains(line[i]) || line[i] == ' ')
            {
                heading = line[start..i];
                bodyStart = i + 1;
                return heading.Length > 0;
            }

            if (i > start && Markers.At(line, i) is { Ordinal: 1, Kind: not (MarkerKind.CnComma or MarkerKind.Part) })
            {
                heading = line[start..i];
                bodyStart = i;
                return true;
            }
        }

        heading = line[start..];
        bodyStart = line.Length;
        return heading.Length is > 0 and <= HeadingRules.MaxNumberedHeadingLength;
    }

    /// <summary>
    /// Splits "存在问题：一是…" or "（二）原因分析：…" (text starting at <paramref name="start"/>) into the
    /// heading up to the first colon or full stop and the start of the body.
    /// </summary>
    public static (string Heading, int BodyStart) SplitLoose(string line, int start)
    {
        var end = line.IndexOfAny(['：', ':', '。'], start);
        return end < 0 ? (line[start..], line.Length) : (line[start..end], end + 1);
    }

    /// <summary>
    /// Breaks a line before section headings that sit inside it, as in a report pasted as one line:
    /// "…再下功夫。三、下一步工作措施 一是…" or "…不够。下一步打算：一是…". Only headings with a section
    /// keyword are split off, so ordinary enumerations inside a sentence are left alone.
    /// </summary>
    public static IEnumerable<string> SplitInline(string line)
    {
        var start = 0;
        for (var i = 1; i < line.Length; i++)
        {
            if (!Markers.IsMarkerPosition(line, i) || !StartsHeading(line, i))
            {
                continue;
            }

            yield return line[start..i].Trim();
            start = i;
        }

        yield return line[start..].Trim();
    }

    private static bool StartsHeading(string line, int index)
    {
        if (Markers.At(line, index) is { Kind: MarkerKind.CnComma or MarkerKind.Part } marker)
        {
            return TrySplitNumbered(line, marker, out var heading, out _)
                && HeadingRules.ClassifyNumbered(heading) != SectionKind.Other;
        }

        // An unnumbered heading inside a line must be closed by a colon: "。存在的问题：".
        var colon = line.IndexOfAny(['：', ':'], index);
        return colon > index
            && colon - index <= HeadingRules.MaxLooseHeadingLength
            && line[index - 1] != ' '
            && HeadingRules.ClassifyLoose(line[index..colon]) is SectionKind.Problems or SectionKind.Measures;
    }
}
