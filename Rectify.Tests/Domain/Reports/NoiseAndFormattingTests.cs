using Rectify.Domain.Reports;

namespace Rectify.Tests.Domain.Reports;

/// <summary>
/// Reports arrive copied from web pages, Word and PDF: the result must not depend on the noise around
/// them, on line endings or on the kind of spaces.
/// </summary>
public class NoiseAndFormattingTests
{
    private static readonly string[] Banner =
    [
        "首页 > 新闻中心 > 工作动态",
        "当前位置：首页 > 党建工作 > 述职报告",
        "发布时间：2023-01-10 09:30 来源：区委组织部 作者：办公室",
        "【字体：大 中 小】 【打印】 【关闭】",
        "浏览次数：1234",
        "分享到：",
        "网站地图 | 联系我们 | 设为首页",
    ];

    // Put between every two lines of a report: none may change what is found.
    private static readonly string[] Interleaved =
    [
        "第 2 页 共 5 页",
        "- 3 -",
        "3/5",
        "2023-01-10",
        "2023年1月10日",
        "二〇二三年一月十日",
        "http://www.example.gov.cn/art/2023/1/10/art_123_456.html",
        "www.example.gov.cn",
        "扫一扫在手机打开当前页",
        "打印本页 关闭窗口",
        "来源：XX区委组织部",
        "责任编辑：张三",
        "————————————",
        "酷乐文行整理，咨询QQ206157060",
        "电话：0931-1234567 传真：0931-7654321",
        "邮箱：dangjian@example.gov.cn",
        "XX区民政局党建工作台账.xlsx",
    ];

    private static readonly string[] Footer =
    [
        "上一篇：XX局召开党建工作会议",
        "下一篇：XX局开展主题党日活动",
        "版权所有：XX区人民政府办公室",
        "地址：XX市XX区人民路1号 邮编：730000",
        "京ICP备12345678号-1 京公网安备 11010102000001号",
        "技术支持：XX网络科技有限公司",
        "附件：",
        "1.XX局党组成员抓党建责任清单",
        "2.XX局党建工作问题整改台账.docx",
    ];

    private readonly ReportParser _parser = new();

    public static TheoryData<string> Samples => [SampleReports.A, SampleReports.B, SampleReports.C];

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_sample_wrapped_in_web_page_noise_parses_the_same(string name)
    {
        var report = SampleReports.Load(name);
        var lines = report.Split('\n');
        var noisy = new List<string>(Banner);
        for (var i = 0; i < lines.Length; i++)
        {
            noisy.Add(lines[i]);
            noisy.Add(Interleaved[i % Interleaved.Length]);
        }

        noisy.AddRange(Footer);

        ShouldParseTheSame(string.Join("\n", noisy), report);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Windows_line_endings_indentation_and_blank_lines_do_not_matter(string name)
    {
        var report = SampleReports.Load(name);
        // Word and PDF exports: \r\n, paragraphs indented with full-width spaces, blank lines between them,
        // trailing spaces and no-break spaces.
        var reformatted = string.Join("\r\n\r\n", report.Split('\n').Select(l => "　　" + l + " \u00A0"));

        ShouldParseTheSame(reformatted, report);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Old_mac_line_endings_do_not_matter(string name)
    {
        var report = SampleReports.Load(name);

        ShouldParseTheSame(report.Replace("\n", "\r"), report);
    }

    [Fact]
    public void Spaces_inside_a_paragraph_are_kept_as_one_half_width_space()
    {
        var text = "二、存在问题\r\n　　一是学习　不够。\t平时  忙于事务。\r\n二是作风不实。\r\n";

        var result = _parser.Parse(text);

        result.Problems.Select(p => p.Text).ShouldBe(["学习 不够。 平时 忙于事务。", "作风不实。"]);
    }

    [Theory]
    [InlineData("（三）开通便民服务热线电话不及时。")]
    [InlineData("（三）联系我们支部的群众不多。")]
    [InlineData("（三）网站信息更新慢，版面陈旧。")]
    [InlineData("（三）2023年1月工作部署滞后。")]
    public void Short_entries_that_mention_noise_words_are_kept(string entry)
    {
        var text = string.Join("\n", "二、存在的问题", "（一）学习不够。", "（二）作风不实。", entry);

        _parser.Parse(text).Problems.Count.ShouldBe(3);
    }

    [Fact]
    public void An_attachment_list_after_the_last_measure_is_not_a_measure()
    {
        var text = string.Join(
            "\n", "二、存在问题", "1.学习不够。", "三、下一步措施", "1.加强学习。", "2.改进作风。", "附件：", "1.问题清单", "2.整改台账");

        _parser.Parse(text).Measures.Select(m => m.Title).ShouldBe(["加强学习", "改进作风"]);
    }

    private void ShouldParseTheSame(string variant, string original)
    {
        var expected = _parser.Parse(original);
        var actual = _parser.Parse(variant);

        expected.Problems.ShouldNotBeEmpty();
        actual.FoundProblemsSection.ShouldBe(expected.FoundProblemsSection);
        actual.Problems.ShouldBe(expected.Problems);
        actual.Measures.ShouldBe(expected.Measures);
        actual.ToJson().ShouldBe(expected.ToJson());
    }
}
