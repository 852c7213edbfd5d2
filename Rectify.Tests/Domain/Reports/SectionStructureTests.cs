using Rectify.Domain.Reports;

namespace Rectify.Tests.Domain.Reports;

/// <summary>How the parser follows a report's structure: headings, nesting, cause analysis, closings.</summary>
public class SectionStructureTests
{
    private readonly ReportParser _parser = new();

    private static string Report(params string[] lines) => string.Join("\n", lines);

    private static string[] Titles(IEnumerable<ParsedEntry> entries) => [.. entries.Select(e => e.Title)];

    [Fact]
    public void Outer_paren_entries_keep_inner_lists_in_their_text()
    {
        var text = Report(
            "二、存在的主要问题",
            "（一）理论学习不深入。一是学习时间不足。二是学用结合不紧。",
            "1.集中学习次数少；",
            "2.个人自学不系统。",
            "（二）制度执行不严格。一是三会一课不规范。二是谈心谈话不经常。",
            "三、下一步工作计划",
            "（一）强化理论武装。",
            "一是坚持集中学习。二是抓好个人自学。",
            "（二）严格制度执行。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["理论学习不深入", "制度执行不严格"]);
        result.Problems[0].Text.ShouldBe("理论学习不深入。一是学习时间不足。二是学用结合不紧。\n1.集中学习次数少；\n2.个人自学不系统。");
        result.Problems[1].Text.ShouldBe("制度执行不严格。一是三会一课不规范。二是谈心谈话不经常。");
        Titles(result.Measures).ShouldBe(["强化理论武装", "严格制度执行"]);
        result.Measures[0].Text.ShouldBe("强化理论武装。\n一是坚持集中学习。二是抓好个人自学。");
    }

    [Fact]
    public void A_heading_line_entry_takes_its_body_paragraphs()
    {
        var text = Report(
            "二、存在的不足",
            "1.政治理论学习不够",
            "平时忙于事务，学习时间得不到保证。",
            "2.落实责任不够到位",
            "对支部督导不够。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["政治理论学习不够", "落实责任不够到位"]);
        result.Problems[0].Text.ShouldBe("政治理论学习不够\n平时忙于事务，学习时间得不到保证。");
        result.Measures.ShouldBeEmpty();
    }

    [Fact]
    public void Problem_and_cause_sub_headings_inside_one_section()
    {
        var text = Report(
            "一、履职情况",
            "（一）抓学习。全年学习12次。",
            "二、存在的问题及原因分析",
            "（一）存在的问题",
            "1.学习不够深入。学得不深。",
            "2.创新意识不强。缺少品牌。",
            "（二）原因分析",
            "1.思想认识不到位。重业务轻党建。",
            "2.责任压得不实。传导压力不够。",
            "三、下一步工作打算",
            "1.加强学习。",
            "2.创新载体。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        result.Problems.ShouldAllBe(p => !p.Text.Contains("思想认识") && !p.Text.Contains("传导压力"));
        Titles(result.Measures).ShouldBe(["加强学习", "创新载体"]);
    }

    [Fact]
    public void Cause_analysis_as_its_own_section()
    {
        var text = Report(
            "二、存在的问题",
            "一是学习不够深入。二是创新意识不强。",
            "三、产生问题的原因",
            "一是思想认识不到位。二是责任压得不实。",
            "四、今后努力方向",
            "一是加强学习。二是创新载体。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        Titles(result.Measures).ShouldBe(["加强学习", "创新载体"]);
    }

    [Theory]
    [InlineData("存在问题的原因")]
    [InlineData("问题产生的原因")]
    [InlineData("原因分析")]
    public void Cause_headings_naming_the_problems_are_not_problem_headings(string heading)
    {
        var text = Report(
            "二、存在的问题",
            "1.学习不够深入。",
            $"三、{heading}",
            "1.思想认识不到位。",
            "四、下一步措施",
            "1.加强学习。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入"]);
        Titles(result.Measures).ShouldBe(["加强学习"]);
    }

    [Theory]
    [InlineData("产生问题的原因：一是思想认识不到位。二是责任压得不实。三是方法不多。")]
    [InlineData("究其原因，一是思想认识不到位，二是责任压得不实。")]
    [InlineData("究其主要原因，主要是思想认识不到位。")]
    [InlineData("原因是思想认识不到位，重业务轻党建。")]
    [InlineData("问题产生的原因主要有：思想认识不到位。")]
    [InlineData("存在上述问题的根本原因，在于思想认识不到位。")]
    public void A_cause_paragraph_after_the_problems_is_left_out(string causeParagraph)
    {
        var text = Report(
            "二、存在的问题和不足",
            "一是学习不够深入。学得不深。",
            "二是创新意识不强。缺少品牌。",
            causeParagraph,
            "三、下一步工作思路",
            "一是加强学习。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        result.Problems[1].Text.ShouldBe("创新意识不强。缺少品牌。");
        Titles(result.Measures).ShouldBe(["加强学习"]);
    }

    [Fact]
    public void A_cause_list_in_separate_paragraphs_is_left_out()
    {
        var text = Report(
            "二、存在的问题",
            "（一）学习不够深入。学得不深。",
            "（二）创新意识不强。缺少品牌。",
            "产生以上问题的原因主要有以下几个方面：",
            "（一）思想认识不到位。重业务轻党建。",
            "（二）责任压得不实。传导压力不够。",
            "（三）能力素质不够。方法不多。",
            "三、下一步措施",
            "（一）加强学习。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        Titles(result.Measures).ShouldBe(["加强学习"]);
    }

    [Fact]
    public void A_cause_after_each_problem_is_left_out_and_the_list_goes_on()
    {
        var text = Report(
            "二、存在的问题",
            "一是学习不够深入。学得不深。",
            "原因是重业务轻党建，学习时间得不到保证。",
            "二是创新意识不强。缺少品牌。究其原因，是习惯老办法。三是纪律不严。个别党员迟到早退。",
            "三、下一步措施",
            "一是加强学习。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强", "纪律不严"]);
        result.Problems[0].Text.ShouldBe("学习不够深入。学得不深。");
        result.Problems[1].Text.ShouldBe("创新意识不强。缺少品牌。");
        result.Problems[2].Text.ShouldBe("纪律不严。个别党员迟到早退。");
    }

    [Fact]
    public void A_cause_list_of_its_own_does_not_continue_the_problems()
    {
        var text = Report(
            "二、存在的问题",
            "一是学习不够深入。",
            "究其原因：一是思想不重视。二是责任不实。",
            "二是方法不多。",
            "三、下一步措施",
            "一是加强学习。");

        Titles(_parser.Parse(text).Problems).ShouldBe(["学习不够深入"]);
    }

    [Fact]
    public void Measures_sub_section_inside_a_combined_section()
    {
        var text = Report(
            "二、存在的问题及整改措施",
            "（一）存在的问题",
            "1.学习不够深入。",
            "2.创新意识不强。",
            "（二）整改措施",
            "1.加强学习。",
            "2.创新载体。",
            "三、其他需要说明的事项",
            "1.无。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        Titles(result.Measures).ShouldBe(["加强学习", "创新载体"]);
    }

    [Fact]
    public void Missing_next_steps_section_gives_problems_only()
    {
        var text = Report(
            "一、主要工作",
            "一是抓学习。",
            "二、存在的差距和不足",
            "一是学习不够深入。二是创新意识不强。",
            "以上述职，请予评议。");

        var result = _parser.Parse(text);

        result.FoundProblemsSection.ShouldBeTrue();
        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        result.Problems[1].Text.ShouldBe("创新意识不强。");
        result.Measures.ShouldBeEmpty();
    }

    [Fact]
    public void No_problems_section_gives_nothing()
    {
        var text = Report(
            "一、主要工作",
            "一是抓学习。二是抓制度。",
            "二、下一步工作打算",
            "一是加强学习。");

        var result = _parser.Parse(text);

        result.FoundProblemsSection.ShouldBeFalse();
        result.Problems.ShouldBeEmpty();
        result.Measures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n　　\r\n")]
    [InlineData("今年以来，我认真履行职责，圆满完成了各项任务。")]
    public void Empty_or_unstructured_text_gives_nothing(string text)
    {
        var result = _parser.Parse(text);

        result.FoundProblemsSection.ShouldBeFalse();
        result.Problems.ShouldBeEmpty();
        result.Measures.ShouldBeEmpty();
    }

    [Fact]
    public void Closing_lines_signature_and_date_are_not_part_of_the_last_measure()
    {
        var text = Report(
            "二、存在的问题",
            "一是学习不够深入。",
            "三、下一步工作措施",
            "一是加强学习。每月学习一次。",
            "二是创新载体。打造党建品牌。",
            "以上述职，不妥之处，请批评指正。",
            "一是感谢组织。",
            "述职人：张三",
            "X区民政局党组",
            "2023年1月10日");

        var result = _parser.Parse(text);

        Titles(result.Measures).ShouldBe(["加强学习", "创新载体"]);
        result.Measures[1].Text.ShouldBe("创新载体。打造党建品牌。");
    }

    [Fact]
    public void Lead_in_paragraph_before_the_first_entry_is_skipped()
    {
        var text = Report(
            "二、存在的问题",
            "对照党建工作责任制要求，自身还存在一些问题和不足，主要表现在：",
            "一是学习不够深入。",
            "二是创新意识不强。");

        Titles(_parser.Parse(text).Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
    }

    [Theory]
    [InlineData("二、存在的问题。一是学习不够深入。二是创新意识不强。")]
    [InlineData("二、存在问题：一是学习不够深入。二是创新意识不强。")]
    [InlineData("二、存在问题 一是学习不够深入。二是创新意识不强。")]
    [InlineData("二、存在问题一是学习不够深入。二是创新意识不强。")]
    public void Heading_and_entries_on_the_same_line(string line)
    {
        var text = Report("一、履职情况", "一是抓学习。", line, "三、下一步措施：一是加强学习。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        Titles(result.Measures).ShouldBe(["加强学习"]);
    }

    [Fact]
    public void Unnumbered_headings_with_numbered_entries()
    {
        var text = Report(
            "XX局党组书记抓基层党建工作述职报告",
            "履职情况",
            "一、抓学习。组织学习12次。",
            "二、抓制度。",
            "存在的问题",
            "一、理论学习不够深入",
            "平时忙于事务。",
            "二、党建品牌不够响亮。缺少特色。",
            "下一步工作打算：",
            "一、加强学习。",
            "二、打造品牌。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["理论学习不够深入", "党建品牌不够响亮"]);
        result.Problems[0].Text.ShouldBe("理论学习不够深入\n平时忙于事务。");
        Titles(result.Measures).ShouldBe(["加强学习", "打造品牌"]);
    }

    [Fact]
    public void Part_headings_with_numbered_entries()
    {
        var text = Report(
            "第一部分 履职情况",
            "一、抓学习。",
            "第二部分 存在的主要问题",
            "一、理论学习不够深入。",
            "二、党建品牌不够响亮。",
            "第三部分 下步工作思路和措施",
            "一、加强学习。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["理论学习不够深入", "党建品牌不够响亮"]);
        Titles(result.Measures).ShouldBe(["加强学习"]);
    }

    [Fact]
    public void Paragraphs_without_markers_are_one_entry_each()
    {
        var text = Report(
            "二、存在的不足",
            "主要有以下几点：",
            "理论学习不够深入，学得不深不透。",
            "党建品牌不够响亮，缺少特色。",
            "三、今后努力方向",
            "加强学习，学深悟透。");

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["理论学习不够深入，学得不深不透", "党建品牌不够响亮，缺少特色"]);
        Titles(result.Measures).ShouldBe(["加强学习，学深悟透"]);
    }

    [Fact]
    public void Everything_on_one_line()
    {
        var text = "根据安排，现将履职情况报告如下：一、履职情况 一是抓学习，组织学习12次。二是抓制度。二、存在的问题及原因分析 "
            + "一是学习不够深入。学得不深不透。二是创新意识不强。缺少党建品牌。产生问题的原因：一是思想认识不到位。二是责任压得不实。"
            + "三、下一步工作措施 一是加强学习，在学深悟透上下功夫。二是创新载体，打造党建品牌。以上述职，请予评议。";

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        result.Problems[1].Text.ShouldBe("创新意识不强。缺少党建品牌。");
        Titles(result.Measures).ShouldBe(["加强学习，在学深悟透上下功夫", "创新载体，打造党建品牌"]);
        result.Measures[1].Text.ShouldBe("创新载体，打造党建品牌。");
    }

    [Fact]
    public void Everything_on_one_line_with_unnumbered_headings()
    {
        var text = "今年以来，我认真履职。存在的问题：一是学习不够深入。二是创新意识不强。下一步打算：一是加强学习。二是创新载体。";

        var result = _parser.Parse(text);

        Titles(result.Problems).ShouldBe(["学习不够深入", "创新意识不强"]);
        Titles(result.Measures).ShouldBe(["加强学习", "创新载体"]);
    }
}
