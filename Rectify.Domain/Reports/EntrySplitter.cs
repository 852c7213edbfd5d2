using System.Text.RegularExpressions;

namespace Rectify.Domain.Reports;

/// <summary>
/// Splits the paragraphs of one problems or measures block into entries.
/// The entry level is the marker kind of the block's first item (the first marker numbered 1):
/// if the block opens with （一）, the （一）（二）… are the entries and any 一是/1./① inside them stay
/// part of their text. Entries may start a paragraph or follow a sentence inside one ("…不够严。二是…");
/// inline ones must continue the numbering, so a stray 二是 elsewhere does not split an entry.
/// </summary>
internal static partial class EntrySplitter
{
    /// <summary>Longest lead sentence kept whole as a title; longer ones are cut at their first comma.</summary>
    private const int MaxTitleLength = 40;

    // Short lines without any punctuation after an entry are signatures (单位, 姓名), not entry text.
    private const int MaxSignatureLength = 25;

    private const string TitleEnds = "。；;：:！!？?\n";
    private const string TrailingPunctuation = "。，、；：！？,.;:!? ";
    private const string AnyPunctuation = "。，、；：！？,.;:!?（）()“”\"";

    /// <summary>The block's entries, in order.</summary>
    public static List<ParsedEntry> Split(IReadOnlyList<string> paragraphs)
    {
        var (kind, drafts) = SplitDrafts(paragraphs);
        if (kind is not null && drafts.Count > 0 && drafts.All(IsCategoryGroup))
        {
            // （一）理论学习方面 / 1.… 2.…: the numbered items under the category headings are the entries.
            return [.. drafts.SelectMany(d => Split(d.Paragraphs.Skip(1).ToList()))];
        }

        var texts = kind is null ? Unmarked(paragraphs) : drafts.Select(d => d.Text);
        return [.. texts.Where(t => t.Length > 0).Select(t => new ParsedEntry(TitleOf(t), t))];
    }

    /// <summary>
    /// An entry that is only a category heading on its own line ("（一）思想建设方面", "（二）在落实责任上") with its
    /// own numbered list below it.
    /// </summary>
    private static bool IsCategoryGroup(Draft draft) =>
        draft.Paragraphs.Count >= 2
        && CategoryHeading().IsMatch(HeadingRules.TrimHeading(draft.Paragraphs[0]))
        && Markers.AtStart(draft.Paragraphs[1]) is { Ordinal: 1 };

    [GeneratedRegex("^[^。；;！!？?，,]{2,20}?(方面|领域)(的|存在的|存在)?(问题|不足|差距)?$|^在[^。；;！!？?，,]{2,16}(上|中)$")]
    private static partial Regex CategoryHeading();

    /// <summary>The entry marker kind of the block and the number of its last entry (to tell whether a
    /// marker after a cause paragraph continues the list).</summary>
    public static (MarkerKind? Kind, int LastOrdinal) Numbering(IReadOnlyList<string> paragraphs)
    {
        var (kind, drafts) = SplitDrafts(paragraphs);
        return (kind, drafts.Count == 0 ? 0 : drafts[^1].Ordinal);
    }

    /// <summary>The headline of an entry: its first sentence, or the first clause if that sentence is long.</summary>
    public static string TitleOf(string text)
    {
        var end = text.IndexOfAny(TitleEnds.ToCharArray());
        var title = end < 0 ? text : text[..end];
        if (title.Length > MaxTitleLength)
        {
            var comma = title.IndexOfAny(['，', ',']);
            if (comma >= 2)
            {
                title = title[..comma];
            }
        }

        return title.Trim().TrimEnd(TrailingPunctuation.ToCharArray());
    }

    private static (MarkerKind? Kind, List<Draft> Drafts) SplitDrafts(IReadOnlyList<string> paragraphs)
    {
        var kind = EntryKind(paragraphs);
        var drafts = new List<Draft>();
        if (kind is null)
        {
            return (null, drafts);
        }

        Draft? current = null;
        foreach (var paragraph in paragraphs)
        {
            var segmentStart = 0;
            if (Markers.AtStart(paragraph) is { } lead && lead.Kind == kind)
            {
                // At the start of a paragraph any number is accepted: real reports skip or repeat numbers.
                current = new Draft(lead.Ordinal);
                drafts.Add(current);
                segmentStart = lead.End;
            }
            else if (current is not null && IsSignature(paragraph))
            {
                continue;
            }

            foreach (var marker in Markers.FindAll(paragraph, segmentStart))
            {
                var expected = current is null ? 1 : current.Ordinal + 1;
                if (marker.Kind != kind || marker.Ordinal != expected)
                {
                    continue;
                }

                current?.Add(paragraph[segmentStart..marker.Index]);
                current = new Draft(marker.Ordinal);
                drafts.Add(current);
                segmentStart = marker.End;
            }

            // Text before the first entry is the section's lead-in ("主要表现在：") and is dropped.
            current?.Add(paragraph[segmentStart..]);
        }

        return (kind, drafts);
    }

    /// <summary>The kind of the first marker numbered 1, else of the first paragraph-leading marker.</summary>
    private static MarkerKind? EntryKind(IReadOnlyList<string> paragraphs)
    {
        foreach (var paragraph in paragraphs)
        {
            foreach (var marker in Markers.FindAll(paragraph))
            {
                if (marker.Ordinal == 1 && marker.Kind != MarkerKind.Part)
                {
                    return marker.Kind;
                }
            }
        }

        return paragraphs.Select(p => Markers.AtStart(p)?.Kind).FirstOrDefault(k => k is not null and not MarkerKind.Part);
    }

    // No markers at all: every paragraph is an entry, except lead-ins ending with a colon and signatures.
    private static IEnumerable<string> Unmarked(IReadOnlyList<string> paragraphs) =>
        paragraphs.Where(p => !p.EndsWith('：') && !p.EndsWith(':') && !IsSignature(p)).Select(p => p.Trim());

    private static bool IsSignature(string paragraph) =>
        paragraph.Length <= MaxSignatureLength && paragraph.IndexOfAny(AnyPunctuation.ToCharArray()) < 0;

    private sealed class Draft(int ordinal)
    {
        private readonly List<string> _paragraphs = [];

        public int Ordinal { get; } = ordinal;

        public IReadOnlyList<string> Paragraphs => _paragraphs;

        public string Text => string.Join('\n', _paragraphs);

        public void Add(string segment)
        {
            var trimmed = segment.Trim();
            if (trimmed.Length > 0)
            {
                _paragraphs.Add(trimmed);
            }
        }
    }
}
