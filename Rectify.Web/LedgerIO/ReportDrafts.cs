using Rectify.Domain.Reports;

namespace Rectify.Web.LedgerIO;

/// <summary>A problem taken from a 述职报告, as the user reviews it before creating an item.</summary>
public sealed class ProblemDraft
{
    public bool Include { get; set; } = true;

    public string Title { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>整改措施, one per line.</summary>
    public string Measures { get; set; } = "";
}

/// <summary>
/// Turns what <see cref="ReportParser"/> found into drafts: each problem becomes a draft, and each next-step (下一步措施) is
/// proposed as a measure of the problem it resembles most (shared two-character words), since reports list next steps
/// in their own order. The user checks and edits before anything is created.
/// </summary>
public static class ReportDrafts
{
    public static List<ProblemDraft> From(ReportParseResult result)
    {
        var drafts = result.Problems.Select(p => new ProblemDraft { Title = p.Title, Text = Limit(p.Text, Rectify.Domain.Ledger.LedgerLimits.Description) }).ToList();
        if (drafts.Count == 0)
        {
            return drafts;
        }

        var problemGrams = result.Problems.Select(p => Bigrams(p.Text)).ToList();
        var assigned = drafts.Select(_ => new List<string>()).ToList();
        for (var m = 0; m < result.Measures.Count; m++)
        {
            var measure = result.Measures[m];
            var grams = Bigrams(measure.Text);
            var best = -1;
            var bestScore = 0.0;
            for (var p = 0; p < problemGrams.Count; p++)
            {
                var score = Similarity(grams, problemGrams[p]);
                if (score > bestScore)
                {
                    best = p;
                    bestScore = score;
                }
            }

            // Nothing in common: keep the report's order.
            assigned[best >= 0 ? best : Math.Min(m, drafts.Count - 1)].Add(MeasureText(measure));
        }

        for (var i = 0; i < drafts.Count; i++)
        {
            drafts[i].Measures = string.Join('\n', assigned[i]);
        }

        return drafts;
    }

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

/// <summary>Reports progress to a page at most every <paramref name="interval"/>, from any thread (the work runs off the circuit).</summary>
public sealed class ThrottledProgress(Func<LedgerProgress, Task> report, TimeSpan interval) : IProgress<LedgerProgress>
{
    private long _last;

    public void Report(LedgerProgress value)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _last);
        if (value.Phase == LedgerPhase.Done || now - last >= interval.TotalMilliseconds)
        {
            Interlocked.Exchange(ref _last, now);
            _ = report(value);
        }
    }
}
