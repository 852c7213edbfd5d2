using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>逾期 and 红黄绿灯 are derived from the deadline (or, for 长期坚持, the next report due), never stored.</summary>
public class OverdueAndLightTests
{
    private readonly LedgerWorld _world = new();
    private readonly DateOnly _deadline = Today.AddDays(30);

    [Fact]
    public void An_item_is_overdue_from_the_day_after_its_deadline()
    {
        var item = _world.InProgressItem();

        item.IsOverdue(_deadline).ShouldBeFalse();
        item.DaysOverdue(_deadline).ShouldBeNull();
        item.IsOverdue(_deadline.AddDays(1)).ShouldBeTrue();
        item.DaysOverdue(_deadline.AddDays(5)).ShouldBe(5);
    }

    [Fact]
    public void An_item_awaiting_sign_off_still_counts_as_overdue()
    {
        var item = _world.AwaitingSignOffItem();
        item.IsOverdue(_deadline.AddDays(1)).ShouldBeTrue();
    }

    [Fact]
    public void Signed_off_and_closed_items_are_never_overdue_and_show_Done()
    {
        var signedOff = _world.SignedOffItem();
        signedOff.IsOverdue(_deadline.AddDays(100)).ShouldBeFalse();
        signedOff.Light(_deadline.AddDays(100)).ShouldBe(TrafficLight.Done);

        var closed = _world.ClosedItem();
        closed.DaysOverdue(_deadline.AddDays(100)).ShouldBeNull();
        closed.Light(_deadline.AddDays(100)).ShouldBe(TrafficLight.Done);
    }

    [Theory]
    [InlineData(-1, TrafficLight.Red)]
    [InlineData(0, TrafficLight.Yellow)]
    [InlineData(7, TrafficLight.Yellow)]
    [InlineData(8, TrafficLight.Green)]
    [InlineData(30, TrafficLight.Green)]
    public void Light_is_red_when_overdue_yellow_within_seven_days_otherwise_green(int daysLeft, TrafficLight expected)
    {
        var item = _world.InProgressItem();
        item.Light(_deadline.AddDays(-daysLeft)).ShouldBe(expected);
    }

    [Fact]
    public void The_warning_window_is_configurable()
    {
        var item = _world.InProgressItem();
        item.Light(_deadline.AddDays(-10), warnDays: 14).ShouldBe(TrafficLight.Yellow);
        item.Light(_deadline.AddDays(-10), warnDays: 3).ShouldBe(TrafficLight.Green);
    }

    [Fact]
    public void An_approved_extension_turns_a_red_item_green_again()
    {
        var item = _world.InProgressItem();
        var overdueDay = _deadline.AddDays(2);
        item.Light(overdueDay).ShouldBe(TrafficLight.Red);

        var request = item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(60), "理由", overdueDay, Now.AddDays(32));
        item.Light(overdueDay).ShouldBe(TrafficLight.Red);
        item.DecideExtension(_world.As(OfficeLeader), request.Id, true, null, Now.AddDays(33));

        item.IsOverdue(overdueDay).ShouldBeFalse();
        item.Light(overdueDay).ShouldBe(TrafficLight.Green);
    }

    [Fact]
    public void Long_term_items_are_never_overdue_by_deadline()
    {
        var item = _world.LongTermItem();
        item.IsOverdue(Today.AddYears(3)).ShouldBeFalse();
        item.DaysOverdue(Today.AddYears(3)).ShouldBeNull();
    }

    [Fact]
    public void Long_term_item_first_report_is_due_one_period_after_creation()
    {
        _world.LongTermItem(ReportingPeriod.Monthly).NextReportDue.ShouldBe(new DateOnly(2026, 4, 2));
        _world.LongTermItem(ReportingPeriod.Quarterly).NextReportDue.ShouldBe(new DateOnly(2026, 6, 2));
        _world.LongTermItem(ReportingPeriod.HalfYearly).NextReportDue.ShouldBe(new DateOnly(2026, 9, 2));
        _world.NewItem().NextReportDue.ShouldBeNull();
    }

    [Fact]
    public void Long_term_item_next_report_is_due_one_period_after_the_latest_progress()
    {
        var item = _world.LongTermItem(ReportingPeriod.Monthly);
        item.AddProgress(_world.As(Office1Secretary), new DateOnly(2026, 3, 20), "三月集中学习。", null, new DateOnly(2026, 3, 20), Now);

        item.NextReportDue.ShouldBe(new DateOnly(2026, 4, 20));
    }

    [Fact]
    public void Long_term_item_turns_red_when_a_periodic_report_is_missed()
    {
        var item = _world.LongTermItem(ReportingPeriod.Monthly);

        item.Light(new DateOnly(2026, 3, 10)).ShouldBe(TrafficLight.Green);
        item.Light(new DateOnly(2026, 3, 28)).ShouldBe(TrafficLight.Yellow);
        item.Light(new DateOnly(2026, 4, 2)).ShouldBe(TrafficLight.Yellow);
        item.Light(new DateOnly(2026, 4, 3)).ShouldBe(TrafficLight.Red);
        item.IsReportOverdue(new DateOnly(2026, 4, 3)).ShouldBeTrue();
        item.IsOverdue(new DateOnly(2026, 4, 3)).ShouldBeFalse();
    }

    [Fact]
    public void Reporting_progress_turns_a_red_long_term_item_green()
    {
        var item = _world.LongTermItem(ReportingPeriod.Monthly);
        var late = new DateOnly(2026, 4, 10);
        item.Light(late).ShouldBe(TrafficLight.Red);

        item.AddProgress(_world.As(Office1Secretary), late, "四月集中学习。", null, late, Now.AddDays(39));

        item.Light(late).ShouldBe(TrafficLight.Green);
        item.IsReportOverdue(late).ShouldBeFalse();
    }
}
