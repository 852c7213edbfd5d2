using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Documents;

/// <summary>
/// Word's automatic list numbers (一、 （一） 1. （1） ① set as list levels, not typed) are not in the paragraph text; the
/// parser needs them to see headings and entries. This renders them in document order from the numbering part: the
/// paragraph's own numbering or its style's, counters per abstract list and level, deeper levels restarting when a
/// level advances. Bullets are left out. Formats other than the ones reports use fall back to Arabic digits.
/// </summary>
internal sealed class DocxListNumbers
{
    private readonly Dictionary<int, (int AbstractId, Dictionary<int, int> StartOverrides)> _instances = [];
    private readonly Dictionary<int, Dictionary<int, W.Level>> _abstracts = [];
    private readonly Dictionary<string, W.NumberingProperties> _styleNumbering = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int[]> _counters = [];
    private readonly Dictionary<int, int> _lastInstance = [];

    public DocxListNumbers(MainDocumentPart? part)
    {
        if (part?.NumberingDefinitionsPart?.Numbering is { } numbering)
        {
            foreach (var abstractNum in numbering.Elements<W.AbstractNum>())
            {
                if (abstractNum.AbstractNumberId?.Value is { } id)
                {
                    _abstracts[id] = abstractNum.Elements<W.Level>()
                        .Where(l => l.LevelIndex?.Value is not null)
                        .GroupBy(l => l.LevelIndex!.Value)
                        .ToDictionary(g => g.Key, g => g.First());
                }
            }

            foreach (var instance in numbering.Elements<W.NumberingInstance>())
            {
                if (instance.NumberID?.Value is { } numId && instance.AbstractNumId?.Val?.Value is { } abstractId)
                {
                    var overrides = instance.Elements<W.LevelOverride>()
                        .Where(o => o.LevelIndex?.Value is not null && o.StartOverrideNumberingValue?.Val?.Value is not null)
                        .ToDictionary(o => o.LevelIndex!.Value, o => o.StartOverrideNumberingValue!.Val!.Value);
                    _instances[numId] = (abstractId, overrides);
                }
            }
        }

        foreach (var style in part?.StyleDefinitionsPart?.Styles?.Elements<W.Style>() ?? [])
        {
            if (style.StyleId?.Value is { } styleId && style.StyleParagraphProperties?.NumberingProperties is { } numPr)
            {
                _styleNumbering[styleId] = numPr;
            }
        }
    }

    /// <summary>The number text of the paragraph ("二、", "（一）"), advancing its list; "" for a paragraph outside a list.</summary>
    public string Next(W.Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        var numPr = properties?.NumberingProperties;
        if (numPr is null && properties?.ParagraphStyleId?.Val?.Value is { } styleId)
        {
            _styleNumbering.TryGetValue(styleId, out numPr);
        }

        var numId = numPr?.NumberingId?.Val?.Value;
        if (numId is null or 0 || !_instances.TryGetValue(numId.Value, out var instance)
            || !_abstracts.TryGetValue(instance.AbstractId, out var levels))
        {
            return "";
        }

        var level = numPr!.NumberingLevelReference?.Val?.Value ?? 0;
        if (level is < 0 or > 8 || !levels.TryGetValue(level, out var definition))
        {
            return "";
        }

        if (!_counters.TryGetValue(instance.AbstractId, out var counters))
        {
            counters = new int[9];
            _counters[instance.AbstractId] = counters;
        }

        // Word's "restart numbering" is a new list instance with a start override: switching to it restarts those levels.
        if (_lastInstance.GetValueOrDefault(instance.AbstractId) != numId.Value)
        {
            _lastInstance[instance.AbstractId] = numId.Value;
            foreach (var restarted in instance.StartOverrides.Keys.Where(l => l is >= 0 and < 9))
            {
                counters[restarted] = 0;
            }
        }

        counters[level] = counters[level] == 0 ? Start(levels, instance.StartOverrides, level) : counters[level] + 1;
        for (var deeper = level + 1; deeper < counters.Length; deeper++)
        {
            counters[deeper] = 0;
        }

        var format = definition.NumberingFormat?.Val?.Value;
        if (format == W.NumberFormatValues.Bullet || format == W.NumberFormatValues.None)
        {
            return "";
        }

        var text = definition.LevelText?.Val?.Value ?? "";
        for (var i = 0; i <= level; i++)
        {
            var value = counters[i] == 0 ? Start(levels, instance.StartOverrides, i) : counters[i];
            var levelFormat = levels.TryGetValue(i, out var l) ? l.NumberingFormat?.Val?.Value : null;
            text = text.Replace($"%{i + 1}", Format(value, levelFormat), StringComparison.Ordinal);
        }

        return text;
    }

    private static int Start(Dictionary<int, W.Level> levels, Dictionary<int, int> overrides, int level) =>
        overrides.TryGetValue(level, out var start) ? start
        : levels.TryGetValue(level, out var definition) ? definition.StartNumberingValue?.Val?.Value ?? 1
        : 1;

    private static string Format(int value, W.NumberFormatValues? format)
    {
        if (format == W.NumberFormatValues.ChineseCounting || format == W.NumberFormatValues.ChineseCountingThousand
            || format == W.NumberFormatValues.ChineseLegalSimplified || format == W.NumberFormatValues.TaiwaneseCounting
            || format == W.NumberFormatValues.TaiwaneseCountingThousand || format == W.NumberFormatValues.IdeographDigital)
        {
            return Chinese(value);
        }

        if ((format == W.NumberFormatValues.DecimalEnclosedCircle || format == W.NumberFormatValues.DecimalEnclosedCircleChinese)
            && value is >= 1 and <= 20)
        {
            return ((char)('①' + value - 1)).ToString();
        }

        if (format == W.NumberFormatValues.DecimalFullWidth || format == W.NumberFormatValues.DecimalFullWidth2)
        {
            return new string([.. value.ToString(CultureInfo.InvariantCulture).Select(c => (char)(c - '0' + '０'))]);
        }

        if ((format == W.NumberFormatValues.LowerLetter || format == W.NumberFormatValues.UpperLetter) && value is >= 1 and <= 26)
        {
            var letter = (char)('a' + value - 1);
            return (format == W.NumberFormatValues.UpperLetter ? char.ToUpperInvariant(letter) : letter).ToString();
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    // 1–99 as reports write them: 一 … 十, 十一, 二十, 二十一.
    private static string Chinese(int value)
    {
        const string digits = "〇一二三四五六七八九";
        if (value is < 1 or > 99)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        if (value < 10)
        {
            return digits[value].ToString();
        }

        var tens = value / 10;
        var ones = value % 10;
        return (tens == 1 ? "" : digits[tens].ToString()) + "十" + (ones == 0 ? "" : digits[ones].ToString());
    }
}
