using Rectify.Domain.Reports;

namespace Rectify.Tests.Domain.Reports;

/// <summary>
/// The three real reports. Expected titles were read off the reports by hand: the problems section,
/// without its cause analysis, and the next-steps section, item by item.
/// </summary>
public class SampleReportTests
{
    private readonly ReportParser _parser = new();

    private static string[] Titles(IEnumerable<ParsedEntry> entries) => [.. entries.Select(e => e.Title)];

    [Fact]
    public void Report_a_inline_problems_and_a_cause_paragraph()
    {
        // 二、存在的问题及原因分析: one paragraph 一是…二是…三是…, then 产生问题的原因分析：一是… (left out).
        var result = _parser.Parse(SampleReports.Load(SampleReports.A));

        result.FoundProblemsSection.ShouldBeTrue();
        result.Problems.Count.ShouldBe(3);
        Titles(result.Problems).ShouldBe(["党建责任落实还不够严", "党员学习教育还需加强", "党建载体缺乏创新"]);
        result.Measures.Count.ShouldBe(4);
        Titles(result.Measures).ShouldBe(
        [
            "加强理论武装，在提高思想觉悟上再下功夫",
            "增强主业意识，在党建责任落实上再下功夫",
            "强化基层基础，在提升党建质量上再下功夫",
            "坚持党建引领，在保障改善民生上再下功夫",
        ]);
    }

    [Fact]
    public void Report_a_texts_are_whole_items_without_causes()
    {
        var result = _parser.Parse(SampleReports.Load(SampleReports.A));

        result.Problems[1].Text.ShouldBe(
            "党员学习教育还需加强。党组中心组、党员大会集中学习的多，专题讲座、研讨交流式学习的少，党员干部对党的新思想、新理论的精神实质和精髓要义掌握不全面、理解不深入，理论联系实际结合不紧密。");
        result.Problems[0].Text.ShouldStartWith("党建责任落实还不够严。在落实党建“第一责任人”责任上");
        result.Problems[0].Text.ShouldEndWith("党建责任压力层层递减现象不同程度存在。");
        result.Problems[2].Text.ShouldEndWith("没有形成特色鲜明的党建工作品牌。");
        result.Problems.ShouldAllBe(p => !p.Text.Contains("原因") && !p.Text.Contains("作为党组书记，党建和业务同抓共管"));
        result.Measures[3].Text.ShouldStartWith("坚持党建引领，在保障改善民生上再下功夫。按照“围绕一条主线");
        result.Measures[3].Text.ShouldEndWith("全力推动全区民政事业高质量发展。");
    }

    [Fact]
    public void Report_b_paren_items_with_a_cause_paragraph_and_site_banners()
    {
        // Banner and contact lines of a reposting site around the report; 究其主要原因，一是… after (六).
        var result = _parser.Parse(SampleReports.Load(SampleReports.B));

        result.FoundProblemsSection.ShouldBeTrue();
        result.Problems.Count.ShouldBe(6);
        Titles(result.Problems).ShouldBe(
        [
            "理论学习重视不够",
            "组织生活制度落实不严",
            "作风建设仍有差距",
            "履职能力还有欠缺",
            "表率作用发挥不好",
            "党员教育管理监督不严",
        ]);
        result.Measures.Count.ShouldBe(5);
        Titles(result.Measures).ShouldBe(
        [
            "自觉加强党性锤炼",
            "认真履行职能",
            "切实转变作风",
            "注重班子建设",
            "完成2021年全区社区居委会换届选举",
        ]);
    }

    [Fact]
    public void Report_b_texts_are_whole_items_without_causes_or_footer()
    {
        var result = _parser.Parse(SampleReports.Load(SampleReports.B));

        result.Problems[2].Text.ShouldBe(
            "作风建设仍有差距。作为局党组书记和主要领导，我在自我约束、自我管理、自我监督方面仍有差距，在取得已有成绩的基础上，缺乏与时俱进的创新手段，与党员干部和基层群众交流沟通不够。缺乏务实的精神，一些民政工作仍浮于表面，如何进一步改善民生、增强效能、优化服务，思考不足，办法不多。");
        result.Problems[5].Text.ShouldEndWith("不能适应新常态下对党建工作的新要求。");
        result.Problems.ShouldAllBe(p => !p.Text.Contains("究其") && !p.Text.Contains("认识不深") && !p.Text.Contains("问责不严"));
        result.Measures[1].Text.ShouldBe(
            "认真履行职能。按照《党章》和《条例》要求，切实加强对机关党建工作的领导和指导，充分发挥规划指导、管理监督、协调服务等职能作用，不断提高对党组织的服务能力和指导水平。");
        result.Measures[4].Text.ShouldStartWith("完成2021年全区社区居委会换届选举。选优配强基层党组织书记。");
        result.Measures[4].Text.ShouldEndWith("换届结束后，对新任社区“两委”干部进行轮训工作。");
        result.Measures[4].Text.ShouldNotContain("酷乐文行");
        result.Measures[4].Text.ShouldNotContain("QQ");
    }

    [Fact]
    public void Report_c_inline_problems_and_paren_measures()
    {
        var result = _parser.Parse(SampleReports.Load(SampleReports.C));

        result.FoundProblemsSection.ShouldBeTrue();
        result.Problems.Count.ShouldBe(3);
        Titles(result.Problems).ShouldBe(["党建工作统筹推动力度不够", "党建活动创新性不足", "机关党建基础不牢"]);
        result.Measures.Count.ShouldBe(3);
        Titles(result.Measures).ShouldBe(
        [
            "以抓实基础为根本，不断提升党员干部“向心力”",
            "以齐抓共管为导向，不断提升基层组织“凝聚力”",
            "以创新方法为手段，不断提升基层一线“续航力”",
        ]);
    }

    [Fact]
    public void Report_c_texts_are_whole_items()
    {
        var result = _parser.Parse(SampleReports.Load(SampleReports.C));

        result.Problems[2].Text.ShouldBe(
            "机关党建基础不牢。机关党建业务培训偏少，基层支部委员党建业务水平不高，“两个作用”发挥不够，“两个融合”谋划与落实不深入。");
        result.Problems[0].Text.ShouldBe(
            "党建工作统筹推动力度不够。还不能很好地处理好抓党建与抓业务之间的关系，经常忙于业务工作，对基层党建的研究部署、贯彻落实力度不够，缺乏一以贯之、常抓不懈的工作韧劲。");
        result.Measures[1].Text.ShouldStartWith("以齐抓共管为导向，不断提升基层组织“凝聚力”。坚持把党建工作摆在首位");
        result.Measures[1].Text.ShouldEndWith("建立健全跟踪督办、日常督查、定期考评。");
    }

    [Theory]
    [InlineData(SampleReports.A)]
    [InlineData(SampleReports.B)]
    [InlineData(SampleReports.C)]
    public void Nothing_from_the_履职_part_is_taken(string name)
    {
        var result = _parser.Parse(SampleReports.Load(name));

        // Every sample's 履职 part has 一是/（一） items of its own; none may end up as a problem or measure.
        result.Problems.Concat(result.Measures).ShouldAllBe(e =>
            !e.Text.Contains("聚焦政治担当") && !e.Text.Contains("多措并举") && !e.Text.Contains("坚持政治建设统领"));
    }

    [Theory]
    [InlineData(SampleReports.A)]
    [InlineData(SampleReports.B)]
    [InlineData(SampleReports.C)]
    public void Titles_are_the_start_of_their_text_without_marker_or_end_punctuation(string name)
    {
        var result = _parser.Parse(SampleReports.Load(name));

        result.Problems.Concat(result.Measures).ShouldAllBe(e =>
            e.Text.StartsWith(e.Title) && !e.Title.EndsWith('。') && !e.Title.StartsWith("一是") && !e.Title.StartsWith('（'));
    }
}
