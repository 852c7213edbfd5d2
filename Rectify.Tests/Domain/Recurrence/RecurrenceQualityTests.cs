using System.Globalization;
using Rectify.Domain.Recurrence;
using Xunit.Abstractions;

namespace Rectify.Tests.Domain.Recurrence;

/// <summary>
/// The quality of recurrence suggestions on a labelled set (TestData/recurrence): earlier problems drawn from the sample
/// reports' wording and the report corpus, and new problems worded differently, each labelled with the earlier problems
/// that are the same weakness (or none). Precision and recall of the top 5 suggestions are printed and go into
/// docs/recurrence.md.
/// </summary>
public class RecurrenceQualityTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "recurrence");

    [Fact]
    public void Top_five_suggestions_have_precision_of_at_least_0_8()
    {
        var earlier = File.ReadAllLines(Path.Combine(Folder, "earlier.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => (Id: f[0], Text: f[1]))
            .ToList();
        var queries = File.ReadAllLines(Path.Combine(Folder, "queries.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => (Text: f[0], Relevant: f.Length > 1 ? f[1].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() : []))
            .ToList();

        int suggested = 0, relevant = 0, hits = 0;
        foreach (var (text, same) in queries)
        {
            var top = ProblemSimilarity.Rank(text, earlier, e => e.Text);
            suggested += top.Count;
            relevant += same.Count;
            hits += top.Count(t => same.Contains(t.Candidate.Id));
            foreach (var (candidate, score) in top.Where(t => !same.Contains(t.Candidate.Id)))
            {
                output.WriteLine($"wrong: {text} → {candidate.Id} {candidate.Text} ({score:0.00})");
            }
        }

        var precision = hits / (double)suggested;
        var recall = hits / (double)relevant;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{queries.Count} new problems, {earlier.Count} earlier; suggested {suggested}, correct {hits}, labelled {relevant}: precision {precision:0.00}, recall {recall:0.00}"));

        precision.ShouldBeGreaterThanOrEqualTo(0.8);
    }

    [Fact]
    public void Same_weakness_in_other_words_scores_above_the_threshold_and_unrelated_problems_do_not()
    {
        ProblemSimilarity.Score("学习形式单一，以读文件为主", "学习形式比较单一").ShouldBeGreaterThanOrEqualTo(ProblemSimilarity.SuggestThreshold);
        ProblemSimilarity.Score("“三会一课”落实不严格", "三会一课落实不严格，记录不全").ShouldBeGreaterThanOrEqualTo(ProblemSimilarity.SuggestThreshold);
        ProblemSimilarity.Score("安全生产隐患排查不彻底", "学习形式单一").ShouldBe(0);
        // Words every problem has (不够, 存在, 问题) do not make two problems alike.
        ProblemSimilarity.Score("存在的问题不够", "问题存在不够").ShouldBe(0);
        ProblemSimilarity.Score("党员教育管理偏松", "党员教育管理偏松").ShouldBe(1);
    }

    [Fact]
    public void Ranking_gives_every_candidate_the_score_of_Score()
    {
        var earlier = File.ReadAllLines(Path.Combine(Folder, "earlier.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t')[1]).ToList();
        earlier.AddRange(["QQ群学习形式单一", "学习。形式，单一"]);
        var queries = File.ReadAllLines(Path.Combine(Folder, "queries.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).Append("qq群学习形式单一");

        foreach (var text in queries)
        {
            var ranked = ProblemSimilarity.Rank(text, earlier, e => e, earlier.Count);

            ranked.Select(r => r.Candidate).ToHashSet().SetEquals(earlier.Where(e => ProblemSimilarity.Score(text, e) >= ProblemSimilarity.SuggestThreshold)).ShouldBeTrue(text);
            ranked.ShouldAllBe(r => r.Score == ProblemSimilarity.Score(text, r.Candidate));
        }

        ProblemSimilarity.Rank("qq群学习形式单一", earlier, e => e).First().ShouldBe(("QQ群学习形式单一", 1.0));
    }

    [Fact]
    public void Ranking_keeps_the_best_five_above_the_threshold()
    {
        var earlier = new[] { "学习形式单一", "学习形式比较单一", "理论学习形式单一", "学习形式单一，以读文件为主", "学习形式过于单一", "学习形式还比较单一", "公务用车管理不规范" };

        var top = ProblemSimilarity.Rank("学习形式单一", earlier, e => e);

        top.Count.ShouldBe(5);
        top[0].Candidate.ShouldBe("学习形式单一");
        top.ShouldAllBe(t => t.Candidate != "公务用车管理不规范");
    }
}
