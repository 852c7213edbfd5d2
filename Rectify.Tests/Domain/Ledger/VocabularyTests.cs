using Rectify.Domain;
using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;

namespace Rectify.Tests.Domain.Ledger;

public class VocabularyTests
{
    [Theory]
    [InlineData(ProblemSource.DemocraticLifeMeeting, "民主生活会")]
    [InlineData(ProblemSource.OrganizationalLifeMeeting, "组织生活会")]
    [InlineData(ProblemSource.ReviewSelf, "述职评议·自己查摆")]
    [InlineData(ProblemSource.ReviewSuperior, "述职评议·上级点评")]
    [InlineData(ProblemSource.ReviewPublic, "述职评议·群众评议")]
    [InlineData(ProblemSource.Inspection, "巡视巡察反馈")]
    [InlineData(ProblemSource.Supervision, "督查检查")]
    [InlineData(ProblemSource.Audit, "审计")]
    [InlineData(ProblemSource.Other, "其他")]
    public void Every_problem_source_has_its_Chinese_name_and_parses_back(ProblemSource source, string name)
    {
        ProblemSourceNames.Name(source).ShouldBe(name);
        ProblemSourceNames.Parse(name).ShouldBe(source);
    }

    [Theory]
    [InlineData("述职评议自己查摆", ProblemSource.ReviewSelf)]
    [InlineData(" 述职评议 · 上级点评 ", ProblemSource.ReviewSuperior)]
    [InlineData("述职评议-群众评议", ProblemSource.ReviewPublic)]
    [InlineData("述职评议•自己查摆", ProblemSource.ReviewSelf)]
    public void Parsing_a_source_from_a_spreadsheet_tolerates_a_missing_or_different_separator(string text, ProblemSource expected)
    {
        ProblemSourceNames.Parse(text).ShouldBe(expected);
    }

    [Fact]
    public void Parsing_an_unknown_source_is_refused_with_the_text_in_the_message()
    {
        Action act = () => ProblemSourceNames.Parse("年终考核");
        var ex = Should.Throw<DomainException>(act);
        ex.Code.ShouldBe("problem_source.unknown");
        ex.InChinese().ShouldContain("年终考核");
        ProblemSourceNames.TryParse("", out _).ShouldBeFalse();
    }

    [Fact]
    public void Status_deadline_type_and_period_names_round_trip()
    {
        Enum.GetValues<ItemStatus>().Select(ItemStatusNames.Name).ShouldBe(["待整改", "整改中", "待销号", "已审核", "已销号"]);
        Enum.GetValues<DeadlineType>().Select(DeadlineTypeNames.Name).ShouldBe(["立行立改", "限期整改", "长期坚持"]);
        Enum.GetValues<ReportingPeriod>().Select(ReportingPeriodNames.Name).ShouldBe(["每月", "每季度", "每半年"]);

        ItemStatusNames.TryParse("已销号", out var status).ShouldBeTrue();
        status.ShouldBe(ItemStatus.Closed);
        DeadlineTypeNames.TryParse(" 长期坚持 ", out var type).ShouldBeTrue();
        type.ShouldBe(DeadlineType.LongTerm);
        ReportingPeriodNames.TryParse("季度", out var period).ShouldBeTrue();
        period.ShouldBe(ReportingPeriod.Quarterly);
        DeadlineTypeNames.TryParse("尽快", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(1, "2026-民主生活会-001")]
    [InlineData(3, "2026-民主生活会-003")]
    [InlineData(120, "2026-民主生活会-120")]
    [InlineData(1000, "2026-民主生活会-1000")]
    public void Item_numbers_pad_the_sequence_to_three_digits(int sequence, string expected)
    {
        ItemNumber.Format("2026-民主生活会", sequence).ShouldBe(expected);
    }

    [Fact]
    public void Next_sequence_follows_the_highest_number_of_the_same_prefix()
    {
        string[] existing = ["2026-民主生活会-001", "2026-民主生活会-007", "2026-组织生活会-020", "2025-民主生活会-030"];

        ItemNumber.NextSequence("2026-民主生活会", existing).ShouldBe(8);
        ItemNumber.NextSequence("2026-审计", existing).ShouldBe(1);
    }

    [Fact]
    public void Suggested_categories_are_those_the_reports_use()
    {
        Categories.Suggested.ShouldBe(["理论学习", "组织生活", "作风建设", "党风廉政", "责任落实", "意识形态", "队伍建设", "创新载体", "其他"]);
    }
}
