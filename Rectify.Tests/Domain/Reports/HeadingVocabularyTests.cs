using Rectify.Domain.Reports;

namespace Rectify.Tests.Domain.Reports;

/// <summary>The many ways reports name their problems and next-steps sections.</summary>
public class HeadingVocabularyTests
{
    private readonly ReportParser _parser = new();

    [Theory]
    [InlineData("二、存在的问题及原因分析")]
    [InlineData("二、存在的主要问题及原因")]
    [InlineData("二、存在问题")]
    [InlineData("二、存在的不足")]
    [InlineData("二、存在不足")]
    [InlineData("二、问题和不足")]
    [InlineData("二、差距和不足")]
    [InlineData("二、存在的差距与短板")]
    [InlineData("二、工作中存在的突出问题")]
    [InlineData("二、工作中的不足")]
    [InlineData("二、主要问题")]
    [InlineData("第二部分 存在的问题和原因")]
    [InlineData("存在的问题")]
    [InlineData("存在问题：")]
    [InlineData("问题和不足")]
    public void Problems_headings(string heading)
    {
        var text = string.Join("\n", "一、履职情况", "一是抓学习。", heading, "一是学习不够。二是作风不实。");

        var result = _parser.Parse(text);

        result.FoundProblemsSection.ShouldBeTrue();
        result.Problems.Select(p => p.Title).ShouldBe(["学习不够", "作风不实"]);
    }

    [Theory]
    [InlineData("三、下一步工作思路和主要措施")]
    [InlineData("三、下一步工作措施")]
    [InlineData("三、下步工作思路")]
    [InlineData("三、今后努力方向")]
    [InlineData("三、今后的工作打算")]
    [InlineData("三、整改措施")]
    [InlineData("三、改进措施")]
    [InlineData("三、整改落实措施")]
    [InlineData("三、2024年工作思路")]
    [InlineData("第三部分 下一步打算")]
    [InlineData("下一步工作打算")]
    [InlineData("今后努力方向：")]
    [InlineData("整改措施")]
    public void Next_steps_headings(string heading)
    {
        var text = string.Join("\n", "二、存在的问题", "一是学习不够。", heading, "一是加强学习。二是改进作风。");

        _parser.Parse(text).Measures.Select(m => m.Title).ShouldBe(["加强学习", "改进作风"]);
    }

    [Theory]
    [InlineData("一、查摆问题整改情况")]
    [InlineData("一、建立问题清单，抓好整改")]
    [InlineData("一、履职工作特色和亮点")]
    [InlineData("一、上年度存在问题整改情况")]
    [InlineData("（三）存在问题整改工作")]
    public void Work_headings_mentioning_problems_are_not_the_problems_section(string heading)
    {
        var text = string.Join("\n", heading, "一是抓整改。", "二、下一步打算", "一是加强学习。");

        _parser.Parse(text).FoundProblemsSection.ShouldBeFalse();
    }

    [Fact]
    public void Parts_as_sub_headings_under_one_general_heading()
    {
        var text = string.Join(
            "\n",
            "一、述职情况",
            "（一）履职情况",
            "1.抓学习。",
            "（二）存在的问题",
            "1.学习不够。",
            "2.作风不实。",
            "（三）下步打算",
            "1.加强学习。");

        var result = _parser.Parse(text);

        result.Problems.Select(p => p.Title).ShouldBe(["学习不够", "作风不实"]);
        result.Measures.Select(m => m.Title).ShouldBe(["加强学习"]);
    }
}
