namespace Rectify.Domain.Reports;

/// <summary>
/// Turns what <see cref="ReportParser"/> found into drafts: each problem becomes a draft with its table row's measures,
/// deadline and people if it came from a table; otherwise the next steps (下一步措施) are proposed as measures of the
/// problems they resemble (shared two-character words), one step per problem first. The user checks and edits before
/// anything is created.
/// </summary>
public static class ReportDrafts
{
    // Breaks ties between equally close pairs in favour of the report's own order; smaller than any shared word.
    private const double SamePositionBonus = 0.001;

    public static List<ProblemDraft> From(ReportParseResult result)
    {
        var assigned = AssignMeasures(result);
        return [.. result.Problems.Select((p, i) => new ProblemDraft
        {
            Title = p.Title,
            Text = Limit(p.Text, Rectify.Domain.Ledger.LedgerLimits.Description),
            Measures = string.Join('\n', assigned[i].Select(MeasureText)),
            FromTable = p.Measures is not null,
            Deadline = p.Deadline ?? "",
            Owner = p.Owner ?? "",
            Leader = p.Leader ?? "",
            Organization = p.Organization ?? "",
        })];
    }

    /// <summary>
    /// The measures proposed for each problem: a table row's own measures; otherwise each next step goes to the problem
    /// it shares most two-character words with (in the report's order when it shares none).
    /// </summary>
    public static List<List<ParsedEntry>> AssignMeasures(ReportParseResult result)
    {
        var assigned = result.Problems.Select(p => new List<ParsedEntry>(p.Measures ?? [])).ToList();
        // Problems from a table have their measures; the next-steps part is matched to the others.
        var open = Enumerable.Range(0, result.Problems.Count).Where(i => result.Problems[i].Measures is null).ToList();
        if (open.Count == 0)
        {
            return assigned;
        }

        var problems = open.Select(i => (Title: Bigrams(result.Problems[i].Title), Text: Bigrams(result.Problems[i].Text))).ToList();
        var measures = result.Measures.Select(m => (Title: Bigrams(m.Title), Text: Bigrams(m.Text))).ToList();

        // Reports usually answer their problems one by one: first pair each next step with a different problem, the
        // closest pairs first (a pair in the same position wins a tie), then give any steps left over to the problem
        // closest to them. A step sharing nothing with any problem follows the report's order.
        var pairs = new List<(int Measure, int Problem, double Score)>();
        for (var m = 0; m < measures.Count; m++)
        {
            for (var p = 0; p < problems.Count; p++)
            {
                pairs.Add((m, p, Score(measures[m], problems[p]) + (m == p ? SamePositionBonus : 0)));
            }
        }

        var problemOf = new int[measures.Count];
        Array.Fill(problemOf, -1);
        var taken = new bool[problems.Count];
        foreach (var (m, p, score) in pairs.OrderByDescending(x => x.Score).ThenBy(x => x.Measure).ThenBy(x => x.Problem))
        {
            if (score > SamePositionBonus && problemOf[m] < 0 && !taken[p])
            {
                problemOf[m] = p;
                taken[p] = true;
            }
        }

        for (var m = 0; m < measures.Count; m++)
        {
            if (problemOf[m] < 0)
            {
                var best = pairs.Where(x => x.Measure == m && x.Score > SamePositionBonus).OrderByDescending(x => x.Score).Select(x => x.Problem).FirstOrDefault(-1);
                problemOf[m] = best >= 0 ? best : Math.Min(m, open.Count - 1);
            }

            assigned[open[problemOf[m]]].Add(result.Measures[m]);
        }

        return assigned;
    }

    /// <summary>
    /// How close a next step is to a problem. A step's headline names what it fixes ("切实转变作风" for "作风建设仍有差距"),
    /// so its words are looked for in the problem's title and text; the whole texts only break ties, since long
    /// paragraphs share many words with everything.
    /// </summary>
    private static double Score((HashSet<string> Title, HashSet<string> Text) measure, (HashSet<string> Title, HashSet<string> Text) problem) =>
        Similarity(measure.Title, problem.Title) + Similarity(measure.Title, problem.Text) + (0.1 * Similarity(measure.Text, problem.Text));

    /// <summary>The measure's text, or its title when the text is longer than a measure may be.</summary>
    private static string MeasureText(ParsedEntry measure)
    {
        var text = measure.Text.Replace('\n', ' ').Trim();
        return text.Length <= Rectify.Domain.Ledger.LedgerLimits.MeasureText ? text : Limit(measure.Title, Rectify.Domain.Ledger.LedgerLimits.MeasureText);
    }

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];

    private static HashSet<string> Bigrams(string text)
    {
        var chars = text.Where(c => c >= '\u4e00' && c <= '\u9fff').ToArray();
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < chars.Length; i++)
        {
            grams.Add(new string(chars, i, 2));
        }

        // Words every report uses say nothing about which problem a step belongs to.
        grams.ExceptWith(["工作", "加强", "进一步", "一步", "问题", "党建", "建设", "落实", "推进", "开展", "坚持", "不够", "存在", "持续"]);
        return grams;
    }

    private static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = a.Count(b.Contains);
        return common / (double)Math.Min(a.Count, b.Count);
    }
}
