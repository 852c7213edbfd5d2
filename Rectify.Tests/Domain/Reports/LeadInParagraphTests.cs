using Rectify.Domain.Reports;

namespace Rectify.Tests.Domain.Reports;

/// <summary>
/// The defect of issue 16: a 存在的问题 section written as one paragraph that opens with a sentence about the year's
/// achievements and then enumerates inline after a comma ("…问题和不足，一是……。二是……。").
/// </summary>
public class LeadInParagraphTests
{
    private const string Report = """
        一、履职情况
        一是抓学习。全年集中学习12次。二是抓制度。修订制度5项。
        二、存在的问题
        一年来，在上级党组织的坚强领导下，我们取得了一些成绩，但也还存在一些不容忽视的问题和不足，一是理论学习不够深入，学习形式单一，以读文件为主。二是“三会一课”落实不严格，个别支部记录不全。三是党员教育管理偏松，对流动党员管理不到位。四是创新意识不强，缺少特色党建品牌。
        三、下一步工作措施
        一是丰富学习形式，开展专题研讨和实地教学。二是严格落实“三会一课”制度，每季度检查支部记录。三是加强流动党员管理，建立联系台账。四是打造特色党建品牌。
        """;

    [Fact]
    public void Each_inline_item_after_a_lead_in_sentence_is_its_own_problem()
    {
        var result = new ReportParser().Parse(Report);

        result.Problems.Select(p => p.Title).ShouldBe(
        [
            "理论学习不够深入，学习形式单一，以读文件为主",
            "“三会一课”落实不严格，个别支部记录不全",
            "党员教育管理偏松，对流动党员管理不到位",
            "创新意识不强，缺少特色党建品牌",
        ]);
        result.Problems[0].Text.ShouldBe("理论学习不够深入，学习形式单一，以读文件为主。");
        result.Problems.ShouldAllBe(p => !p.Text.Contains("取得了一些成绩"));
        result.Measures.Count.ShouldBe(4);
    }

    [Fact]
    public void Each_measure_goes_to_its_own_problem_in_the_drafts()
    {
        var drafts = ReportDrafts.From(new ReportParser().Parse(Report));

        drafts.Count.ShouldBe(4);
        drafts[0].Measures.ShouldBe("丰富学习形式，开展专题研讨和实地教学。");
        drafts[1].Measures.ShouldBe("严格落实“三会一课”制度，每季度检查支部记录。");
        drafts[2].Measures.ShouldBe("加强流动党员管理，建立联系台账。");
        drafts[3].Measures.ShouldBe("打造特色党建品牌。");
    }
}
