using System.Globalization;
using Microsoft.Extensions.Localization;
using Rectify.Domain.Ledger;
using Rectify.Web.LedgerIO;
using Rectify.Web.Localization;

namespace Rectify.Tests.LedgerIO;

/// <summary>整改时限 as users type it into Excel, and as the export writes it (so an exported sheet reads back).</summary>
public sealed class DeadlineTextTests
{
    private static readonly DateOnly Default = new(2026, 12, 22);

    private static readonly IStringLocalizer<Text> Chinese = new TextCatalog().For(CultureInfo.GetCultureInfo("zh-CN"));

    [Theory]
    [InlineData("2026-12-31", DeadlineType.ByDate, "2026-12-31", null)]
    [InlineData("2026/12/31", DeadlineType.ByDate, "2026-12-31", null)]
    [InlineData("2026.1.5", DeadlineType.ByDate, "2026-01-05", null)]
    [InlineData("2026年12月31日", DeadlineType.ByDate, "2026-12-31", null)]
    [InlineData("2026年12月31日前", DeadlineType.ByDate, "2026-12-31", null)]
    [InlineData("限期整改（2026-12-31）", DeadlineType.ByDate, "2026-12-31", null)]
    [InlineData("立行立改", DeadlineType.Immediate, "2026-12-22", null)]
    [InlineData("立行立改（2026-12-01）", DeadlineType.Immediate, "2026-12-01", null)]
    [InlineData("立行立改\n2026-12-01", DeadlineType.Immediate, "2026-12-01", null)]
    [InlineData("长期坚持", DeadlineType.LongTerm, null, ReportingPeriod.Monthly)]
    [InlineData("长期坚持（每季度）", DeadlineType.LongTerm, null, ReportingPeriod.Quarterly)]
    [InlineData("长期坚持\n每半年", DeadlineType.LongTerm, null, ReportingPeriod.HalfYearly)]
    [InlineData("长期坚持（每月汇报）", DeadlineType.LongTerm, null, ReportingPeriod.Monthly)]
    public void Typed_deadlines_are_understood(string text, DeadlineType type, string? date, ReportingPeriod? period)
    {
        var parsed = DeadlineText.Parse(Chinese, text, isNumber: false, Default, out var error);

        error.ShouldBeNull();
        parsed.ShouldNotBeNull();
        parsed.Value.Type.ShouldBe(type);
        parsed.Value.Deadline.ShouldBe(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        parsed.Value.Period.ShouldBe(period);
    }

    [Fact]
    public void An_Excel_date_cell_is_a_serial_number()
    {
        var serial = new DateTime(2026, 12, 31).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture);
        DeadlineText.Parse(Chinese, serial, isNumber: true, Default, out _)!.Value.Deadline.ShouldBe(new DateOnly(2026, 12, 31));
    }

    [Theory]
    [InlineData("明年底")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("长期坚持（每周）")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        DeadlineText.Parse(Chinese, text, isNumber: false, Default, out var error).ShouldBeNull();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_cell_is_a_dated_deadline_without_its_date_which_the_domain_refuses(string text)
    {
        // That a deadline is required is the domain's rule (item.deadline.required, "请填写整改时限。" in the import report).
        DeadlineText.Parse(Chinese, text, isNumber: false, Default, out var error).ShouldBe((DeadlineType.ByDate, null, null));
        error.ShouldBeNull();
    }

    [Theory]
    [InlineData(DeadlineType.ByDate, "2026-12-31", null, "2026-12-31")]
    [InlineData(DeadlineType.Immediate, "2026-12-01", null, "立行立改（2026-12-01）")]
    [InlineData(DeadlineType.LongTerm, null, ReportingPeriod.Quarterly, "长期坚持（每季度）")]
    public void Formatted_deadlines_parse_back(DeadlineType type, string? date, ReportingPeriod? period, string expected)
    {
        var deadline = date is null ? (DateOnly?)null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var text = DeadlineText.Format(type, deadline, period);

        text.ShouldBe(expected);
        DeadlineText.Parse(Chinese, text, false, Default, out _).ShouldBe((type, deadline, period));
    }

    [Fact]
    public void Numbering_in_the_measures_column_is_removed()
    {
        ImportRowChecker.MeasureLines("1. 制定计划\n2、开展学习\r\n（3）专题研讨\n④ 建立制度\n一是加强督查\n\n- 其他").ShouldBe(
            ["制定计划", "开展学习", "专题研讨", "建立制度", "加强督查", "其他"]);
    }
}
