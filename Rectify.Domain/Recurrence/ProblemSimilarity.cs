namespace Rectify.Domain.Recurrence;

/// <summary>
/// How alike two problem descriptions are, for spotting the same weakness found again (屡查屡犯). Chinese is written without
/// spaces and word segmentation needs a dictionary, so texts are compared on overlapping two-character pieces (bigrams):
/// "学习形式单一" and "学习形式比较单一" share 学习, 习形, 形式, 单一. The Dice coefficient of the two sets is the score (0 to 1).
/// Bigrams that nearly every problem contains (不够, 存在, 问题, 到位…) are left out, or every problem would look alike.
/// </summary>
/// <remarks>
/// This ranks candidates that the database's own text search has already narrowed down (see decision 0019); on its own it
/// reads every candidate it is given. The threshold was chosen on the labelled set in
/// Rectify.Tests/TestData/recurrence (precision and recall in docs/recurrence.md).
/// </remarks>
public static class ProblemSimilarity
{
    /// <summary>The lowest score shown as a likely recurrence.</summary>
    public const double SuggestThreshold = 0.25;

    /// <summary>Only the beginning of a long description is compared: the weakness is named there.</summary>
    public const int ComparedLength = 200;

    private static readonly HashSet<string> Boilerplate = new(StringComparer.Ordinal)
    {
        "不够", "存在", "问题", "工作", "方面", "还有", "有待", "进一", "一步", "到位", "不到", "不足", "情况", "现象",
        "个别", "一些", "还不", "仍有", "程度", "不同", "不严", "不强", "建设",
    };

    private static readonly HashSet<int> BoilerplateCodes = [.. Boilerplate.Select(b => Code(b[0], b[1]))];

    /// <summary>The bigrams of the text's runs of Chinese characters, letters and digits, boilerplate left out.</summary>
    public static HashSet<string> Grams(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var grams = new HashSet<string>(StringComparer.Ordinal);
        var span = text.AsSpan(0, Math.Min(text.Length, ComparedLength));
        var runStart = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var inRun = i < span.Length && IsWordChar(span[i]);
            if (inRun && runStart < 0)
            {
                runStart = i;
            }
            else if (!inRun && runStart >= 0)
            {
                for (var j = runStart; j + 1 < i; j++)
                {
                    grams.Add(new string([char.ToLowerInvariant(span[j]), char.ToLowerInvariant(span[j + 1])]));
                }

                runStart = -1;
            }
        }

        grams.ExceptWith(Boilerplate);
        return grams;
    }

    /// <summary>The Dice coefficient of the two texts' bigrams: 1 for the same wording, 0 for nothing in common.</summary>
    public static double Score(string a, string b) => Score(Grams(a), Grams(b));

    public static double Score(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = a.Count(b.Contains);
        return 2.0 * common / (a.Count + b.Count);
    }

    /// <summary>
    /// The candidates most like <paramref name="text"/>, best first, at most <paramref name="take"/>, only those scoring at
    /// least <see cref="SuggestThreshold"/>; ties keep the candidates' order. The score is <see cref="Score(string, string)"/>,
    /// computed on bigrams packed into integers with one reused set, so ranking thousands of candidates (an organisation's
    /// items, decision 0042) allocates almost nothing.
    /// </summary>
    public static IReadOnlyList<(T Candidate, double Score)> Rank<T>(string text, IEnumerable<T> candidates, Func<T, string> textOf, int take = 5)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(textOf);
        var grams = new HashSet<int>();
        AddCodes(text, grams);
        var other = new HashSet<int>();
        var scored = new List<(T Candidate, double Score, int Index)>();
        var index = 0;
        foreach (var candidate in candidates)
        {
            other.Clear();
            AddCodes(textOf(candidate), other);
            var score = Dice(grams, other);
            if (score >= SuggestThreshold)
            {
                scored.Add((candidate, score, index));
            }

            index++;
        }

        return [.. scored.OrderByDescending(x => x.Score).ThenBy(x => x.Index).Take(take).Select(x => (x.Candidate, x.Score))];
    }

    /// <summary>Whether the bigram is one that nearly every problem contains (left out of the comparison).</summary>
    public static bool IsBoilerplate(string bigram) => Boilerplate.Contains(bigram);

    private static double Dice(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = 0;
        foreach (var gram in b)
        {
            if (a.Contains(gram))
            {
                common++;
            }
        }

        return 2.0 * common / (a.Count + b.Count);
    }

    /// <summary>The same bigrams as <see cref="Grams"/>, each as its two UTF-16 code units in one integer.</summary>
    private static void AddCodes(string text, HashSet<int> into)
    {
        var span = text.AsSpan(0, Math.Min(text.Length, ComparedLength));
        for (var i = 0; i + 1 < span.Length; i++)
        {
            if (IsWordChar(span[i]) && IsWordChar(span[i + 1]))
            {
                var code = Code(span[i], span[i + 1]);
                if (!BoilerplateCodes.Contains(code))
                {
                    into.Add(code);
                }
            }
        }
    }

    private static int Code(char first, char second) => (char.ToLowerInvariant(first) << 16) | char.ToLowerInvariant(second);

    /// <summary>Chinese characters, letters and digits; punctuation and spaces separate runs.</summary>
    public static bool IsWordChar(char c) => c is >= '\u4e00' and <= '\u9fff' || char.IsLetterOrDigit(c);
}
