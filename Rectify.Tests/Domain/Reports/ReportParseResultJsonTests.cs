using Rectify.Domain.Reports;

namespace Rectify.Tests.Domain.Reports;

/// <summary>The JSON printed by the CLI's import-report.</summary>
public class ReportParseResultJsonTests
{
    [Fact]
    public void Json_has_exactly_problems_and_measures_with_readable_chinese()
    {
        var text = string.Join(
            "\n",
            "二、存在的问题",
            "一是学习不够深入。\"学\"得不深。",
            "三、下一步工作措施",
            "（一）加强学习",
            "坚持“第一议题”制度。");

        var json = new ReportParser().Parse(text).ToJson();

        json.ShouldBe(
            """{"problems":[{"title":"学习不够深入","text":"学习不够深入。\"学\"得不深。"}],"measures":[{"title":"加强学习","text":"加强学习\n坚持“第一议题”制度。"}]}""");
    }

    [Fact]
    public void Json_without_problems_section_has_empty_lists()
    {
        new ReportParser().Parse("今年以来，我认真履职。").ToJson().ShouldBe("""{"problems":[],"measures":[]}""");
    }

    [Fact]
    public void Json_of_a_sample_keeps_every_entry()
    {
        var result = new ReportParser().Parse(SampleReports.Load(SampleReports.C));

        var json = result.ToJson();

        json.ShouldStartWith("""{"problems":[{"title":"党建工作统筹推动力度不够","text":"党建工作统筹推动力度不够。还不能""");
        json.ShouldContain("""{"title":"以创新方法为手段，不断提升基层一线“续航力”","text":""");
        json.ShouldNotContain("\\u");
    }
}
