using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>The periodic 整改通报 for leaders.</summary>
public class LeaderSummaryTests
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "机关第一党支部",
        [2] = "机关第二党支部",
        [3] = "离退休干部党支部",
    };

    private static ReminderItem In(int organization, ItemStatus status, int daysLeft = 30) =>
        Item(deadline: Today.AddDays(daysLeft), status: status, organization: organization);

    [Fact]
    public void Counts_totals_closed_and_overdue_per_organisation_with_a_one_decimal_closing_rate()
    {
        var items = new List<ReminderItem>();
        items.AddRange(Enumerable.Range(0, 6).Select(_ => In(1, ItemStatus.Closed, daysLeft: -10)));
        items.Add(In(1, ItemStatus.InProgress, daysLeft: -2));
        items.Add(In(2, ItemStatus.Closed));
        items.Add(In(2, ItemStatus.Open));
        items.Add(In(2, ItemStatus.InProgress));

        var summary = LeaderSummaryBuilder.Build(items, Today, Names);

        var first = summary.Organizations.Single(o => o.OrganizationId == 1);
        (first.OrganizationName, first.Total, first.Closed, first.Overdue).ShouldBe(("机关第一党支部", 7, 6, 1));
        first.ClosingRatePercent.ShouldBe(85.7m);
        first.ClosingRateText.ShouldBe("85.7%");

        var second = summary.Organizations.Single(o => o.OrganizationId == 2);
        second.ClosingRatePercent.ShouldBe(33.3m);

        (summary.Total, summary.Closed, summary.Overdue).ShouldBe((10, 7, 1));
        summary.ClosingRateText.ShouldBe("70.0%");
    }

    [Fact]
    public void Organisations_are_ranked_by_closing_rate_and_those_without_items_come_last_with_a_dash()
    {
        var items = new[] { In(1, ItemStatus.Open), In(2, ItemStatus.Closed), In(2, ItemStatus.Open) };

        var summary = LeaderSummaryBuilder.Build(items, Today, Names);

        summary.Organizations.Select(o => o.OrganizationName).ShouldBe(["机关第二党支部", "机关第一党支部", "离退休干部党支部"]);
        summary.Organizations[2].ClosingRatePercent.ShouldBeNull();
        summary.Organizations[2].ClosingRateText.ShouldBe("—");
    }

    [Fact]
    public void Overdue_means_not_closed_or_signed_off_and_the_deadline_day_itself_is_not_overdue()
    {
        var items = new[]
        {
            In(1, ItemStatus.InProgress, daysLeft: 0),
            In(1, ItemStatus.SignedOff, daysLeft: -5),
            In(1, ItemStatus.Closed, daysLeft: -5),
            In(1, ItemStatus.AwaitingSignOff, daysLeft: -1),
            LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2025, 1, 1)),
        };

        var summary = LeaderSummaryBuilder.Build(items, Today, Names);

        summary.OverdueItems.ShouldHaveSingleItem().ItemId.ShouldBe(items[3].ItemId);
    }

    [Fact]
    public void The_overdue_list_shows_the_longest_overdue_first_with_organisation_names()
    {
        var items = new[]
        {
            Item("2026-3", Today.AddDays(-2), organization: 2),
            Item("2026-1", Today.AddDays(-20), organization: 1),
            Item("2026-2", Today.AddDays(-2), organization: 9),
        };

        var summary = LeaderSummaryBuilder.Build(items, Today, Names);

        summary.OverdueItems.Select(l => (l.Number, l.DaysOverdue, l.OrganizationName)).ShouldBe([
            ("2026-1", 20, "机关第一党支部"),
            ("2026-2", 2, null),
            ("2026-3", 2, "机关第二党支部"),
        ]);
    }

    [Fact]
    public void Rates_round_half_away_from_zero_and_an_empty_summary_has_no_rate()
    {
        ClosingRate.Percent(1, 8).ShouldBe(12.5m);
        ClosingRate.Percent(1, 16).ShouldBe(6.3m); // 6.25
        ClosingRate.Percent(2, 3).ShouldBe(66.7m);
        ClosingRate.Percent(3, 3).ShouldBe(100.0m);
        ClosingRate.Text(100.0m).ShouldBe("100.0%");

        var empty = LeaderSummaryBuilder.Build([], Today, new Dictionary<int, string>());
        empty.ClosingRatePercent.ShouldBeNull();
        empty.Organizations.ShouldBeEmpty();
    }
}
