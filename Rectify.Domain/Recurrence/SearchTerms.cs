namespace Rectify.Domain.Recurrence;

/// <summary>
/// What the database's trigram search is asked for a new problem's text (docs/decisions/0028): the three-character pieces of
/// its runs of Chinese characters, letters and digits (first <see cref="ProblemSimilarity.ComparedLength"/> characters), in
/// order, without repeats, without pieces made only of boilerplate (<see cref="ProblemSimilarity"/>'s list: "不到位",
/// "存在问" …), at most <see cref="MaxTerms"/>. A trigram index cannot find a text shorter than three characters: such a text
/// has no terms (<see cref="Trigrams"/> is empty) and no search is made; the page asks for a longer text instead.
/// </summary>
public static class SearchTerms
{
    /// <summary>More terms make the database read more postings without finding other candidates.</summary>
    public const int MaxTerms = 48;

    /// <summary>The fewest characters a text needs before it is searched (one trigram).</summary>
    public const int MinLength = 3;

    public static IReadOnlyList<string> Trigrams(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in Runs(text))
        {
            for (var i = 0; i + MinLength <= run.Length && terms.Count < MaxTerms; i++)
            {
                var term = run.Substring(i, MinLength);
                if (!ProblemSimilarity.IsBoilerplate(term[..2]) || !ProblemSimilarity.IsBoilerplate(term[1..]))
                {
                    if (seen.Add(term))
                    {
                        terms.Add(term);
                    }
                }
            }
        }

        return terms;
    }

    /// <summary>The text's runs of word characters, lower-cased, within the compared length, joined by spaces (for pg_trgm).</summary>
    public static string Normalized(string text) => string.Join(' ', Runs(text));

    private static IEnumerable<string> Runs(string text)
    {
        var span = text.AsSpan(0, Math.Min(text.Length, ProblemSimilarity.ComparedLength));
        var runs = new List<string>();
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var inRun = i < span.Length && ProblemSimilarity.IsWordChar(span[i]);
            if (inRun && start < 0)
            {
                start = i;
            }
            else if (!inRun && start >= 0)
            {
                runs.Add(span[start..i].ToString().ToLowerInvariant());
                start = -1;
            }
        }

        return runs;
    }
}
