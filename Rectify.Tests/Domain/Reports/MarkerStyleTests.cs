using Rectify.Domain.Reports;

namespace Rectify.Tests.Domain.Reports;

/// <summary>Each list marker style 述职报告 use, in the problems and the next-steps section.</summary>
public class MarkerStyleTests
{
    private readonly ReportParser _parser = new();

    private static string Report(params string[] lines) => string.Join("\n", lines);

    private static string[] Titles(IEnumerable<ParsedEntry> entries) => [.. entries.Select(e => e.Title)];

    [Theory]
    [InlineData("一是", "二是", "三是")]
    [InlineData("一要", "二要", "三要")]
    [InlineData("（一）", "（二）", "（三）")]
    [InlineData("(一)", "(二)", "(三)")]
    [InlineData("（1）", "（2）", "（3）")]
    [InlineData("(1)", "(2)", "(3)")]
    [InlineData("1）", "2）", "3）")]
    [InlineData("1.", "2.", "3.")]
    [InlineData("1、", "2、", "3、")]
    [InlineData("１．", "２．", "３．")]
    [InlineData("①", "②", "③")]
    [InlineData("第一，", "第二，", "第三，")]
    [InlineData("第一、", "第二、", "第三、")]
    public void Each_marker_style_starts_an_entry_per_paragraph(string first, string second, string third)
    {
        var text = Report(
            "一、履职情况",
            $"{first}抓学习。组织学习12次。{second}抓制度。",
            "二、存在的问题",
            $"{first}理论学习不够深入。学得不深不透。",
            $"{second}组织生活不够规范。会议记录不全。",
            $"{third}创新意识不强。缺少党建品牌。",
            "三、下一步工作措施",
            $"{first}加强理论学习。每月集中学习一次。",
            $"{second}规范组织生活。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["理论学习不够深入", "组织生活不够规范", "创新意识不强"]);
        result.Problems[1].Text.ShouldBe("组织生活不够规范。会议记录不全。");
        Titles(result.Measures).ShouldBe(["加强理论学习", "规范组织生活"]);
        result.Measures[0].Text.ShouldBe("加强理论学习。每月集中学习一次。");
    }

    [Theory]
    [InlineData("一是", "二是", "三是")]
    [InlineData("（一）", "（二）", "（三）")]
    [InlineData("1.", "2.", "3.")]
    [InlineData("①", "②", "③")]
    [InlineData("第一，", "第二，", "第三，")]
    public void Several_entries_in_one_paragraph(string first, string second, string third)
    {
        var text = Report(
            "二、存在问题",
            $"{first}理论学习不够深入，学得不深不透。{second}组织生活不够规范；会议记录不全。{third}创新意识不强：缺少党建品牌。",
            "三、下步工作思路",
            $"对此，我将：{first}加强理论学习。{second}规范组织生活。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["理论学习不够深入，学得不深不透", "组织生活不够规范", "创新意识不强"]);
        result.Problems.Select(p => p.Text).ShouldBe(
            ["理论学习不够深入，学得不深不透。", "组织生活不够规范；会议记录不全。", "创新意识不强：缺少党建品牌。"]);
        // The lead-in before the first marker ("对此，我将：") is not an entry.
        Titles(result.Measures).ShouldBe(["加强理论学习", "规范组织生活"]);
    }

    [Fact]
    public void Words_that_look_like_markers_do_not_split_an_entry()
    {
        var text = Report(
            "二、存在的问题",
            "一是思想不够统一。班子思想统一是前提，投入1.6亿元的项目推进慢，第一责任人责任压得不实。",
            "二是学习不够。又一是个问题；二是重复出现的编号不算新条目。",
            "三、下一步打算",
            "1.加强学习，全年学习12次，2.5万字笔记。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["思想不够统一", "学习不够"]);
        result.Problems[0].Text.ShouldContain("投入1.6亿元的项目推进慢，第一责任人责任压得不实。");
        // "；二是" after 二是 does not continue the numbering (三是 would), so it stays in the text.
        result.Problems[1].Text.ShouldBe("学习不够。又一是个问题；二是重复出现的编号不算新条目。");
        Titles(result.Measures).ShouldBe(["加强学习，全年学习12次，2.5万字笔记"]);
    }

    [Fact]
    public void Numbering_may_skip_or_repeat_at_the_start_of_a_paragraph()
    {
        var text = Report(
            "二、存在的问题",
            "一是学习不够。",
            "三是纪律不严。",
            "三是作风不实。");

        Titles(_parser.Parse(text).Problems).ShouldBe(["学习不够", "纪律不严", "作风不实"]);
    }

    [Fact]
    public void Title_is_the_first_sentence_or_a_long_sentences_first_clause()
    {
        var text = Report(
            "二、存在的问题",
            "一是抓基层党建思路不开阔，办法不多。平时忙于事务。",
            "二是作为党组书记，对党建工作的研究部署和推进落实投入的时间精力还不够多，系统抓的力度还不够大。",
            "三是“三会一课”落实不严！个别支部流于形式。",
            "四是学习不够？",
            "五是没有句号的条目");

        Titles(_parser.Parse(text).Problems).ShouldBe(
            ["抓基层党建思路不开阔，办法不多", "作为党组书记", "“三会一课”落实不严", "学习不够", "没有句号的条目"]);
    }
}
