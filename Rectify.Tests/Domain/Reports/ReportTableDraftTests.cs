using Rectify.Domain.Reports;

namespace Rectify.Tests.Domain.Reports;

/// <summary>A problem table in a report: what the user reviewing the drafts gets from its rows.</summary>
public class ReportTableDraftTests
{
    [Fact]
    public void Table_rows_become_drafts_with_their_measures_deadline_and_people()
    {
        var text = string.Join(
            "\n",
            "二、存在的问题",
            "序号\t问题描述\t具体整改措施\t整改时限\t具体责任人\t责任领导",
            "1\t学习形式单一。\t① 开展专题研讨；② 组织现场教学。\t2026-12-31\tsecretary\tleader2",
            "2\t记录不全。\t\t立行立改\t\t");

        var drafts = ReportDrafts.From(new ReportParser().Parse(text));

        drafts.Count.ShouldBe(2);
        drafts[0].FromTable.ShouldBeTrue();
        drafts[0].Title.ShouldBe("学习形式单一");
        drafts[0].Measures.ShouldBe("开展专题研讨；\n组织现场教学。");
        drafts[0].Deadline.ShouldBe("2026-12-31");
        drafts[0].Owner.ShouldBe("secretary");
        drafts[0].Leader.ShouldBe("leader2");
        drafts[1].Measures.ShouldBe("");
        drafts[1].Deadline.ShouldBe("立行立改");
        drafts[1].Owner.ShouldBe("");
    }

    [Fact]
    public void A_table_in_the_work_done_part_is_not_read_as_problems()
    {
        var text = string.Join(
            "\n",
            "一、履职情况",
            "序号\t上年度问题\t整改措施\t完成情况",
            "1\t学习不够。\t加强学习。\t已完成",
            "二、存在的问题",
            "一是创新不足。");

        new ReportParser().Parse(text).Problems.Select(p => p.Title).ShouldBe(["创新不足"]);
    }

    [Fact]
    public void Lines_with_tabs_that_are_not_a_table_header_stay_text()
    {
        var text = "二、存在的问题\n一是\t学习不够深入。\n二是\t作风不实。";

        new ReportParser().Parse(text).Problems.Select(p => p.Title).ShouldBe(["学习不够深入", "作风不实"]);
    }
}
