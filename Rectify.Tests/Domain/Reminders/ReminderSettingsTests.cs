using Rectify.Domain.Reminders;

namespace Rectify.Tests.Domain.Reminders;

public class ReminderSettingsTests
{
    [Fact]
    public void The_defaults_are_7_3_1_days_daily_for_7_leader_after_3_admin_after_14_and_one_day_for_decisions()
    {
        var settings = ReminderSettings.Default;

        settings.DueSoonDays.ShouldBe([7, 3, 1]);
        settings.OverdueDailyForDays.ShouldBe(7);
        settings.EscalateToLeaderAfterDays.ShouldBe(3);
        settings.EscalateToAdminAfterDays.ShouldBe(14);
        settings.WaitingForDecisionAfter.ShouldBe(TimeSpan.FromDays(1));
        settings.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void No_due_soon_days_and_no_daily_window_are_valid_choices()
    {
        new ReminderSettings { DueSoonDays = [], OverdueDailyForDays = 0, WaitingForDecisionAfter = TimeSpan.Zero }
            .Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Leader_and_admin_thresholds_may_be_equal()
    {
        new ReminderSettings { EscalateToLeaderAfterDays = 7, EscalateToAdminAfterDays = 7 }.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Negative_or_zero_due_soon_days_are_refused()
    {
        var errors = new ReminderSettings { DueSoonDays = [7, -1, 0] }.Validate();

        errors.Count.ShouldBe(2);
        errors[0].ShouldBe("DueSoonDays: -1 is less than 1 day; the due day itself is always reminded.");
        errors[1].ShouldStartWith("DueSoonDays: 0 is less than 1 day");
    }

    [Fact]
    public void Duplicate_due_soon_days_are_refused()
    {
        new ReminderSettings { DueSoonDays = [7, 3, 7] }.Validate().ShouldHaveSingleItem().ShouldBe("DueSoonDays: 7 is listed more than once.");
    }

    [Fact]
    public void A_negative_daily_window_is_refused()
    {
        new ReminderSettings { OverdueDailyForDays = -2 }.Validate().ShouldHaveSingleItem()
            .ShouldBe("OverdueDailyForDays: must not be negative (is -2).");
    }

    [Fact]
    public void Escalation_thresholds_must_be_at_least_one_day()
    {
        var errors = new ReminderSettings { EscalateToLeaderAfterDays = 0, EscalateToAdminAfterDays = -1 }.Validate();

        errors.ShouldContain("EscalateToLeaderAfterDays: must be at least 1 day (is 0).");
        errors.ShouldContain("EscalateToAdminAfterDays: must be at least 1 day (is -1).");
    }

    [Fact]
    public void Admin_threshold_below_the_leader_threshold_is_refused()
    {
        new ReminderSettings { EscalateToLeaderAfterDays = 10, EscalateToAdminAfterDays = 5 }.Validate().ShouldHaveSingleItem()
            .ShouldBe("EscalateToAdminAfterDays: 5 is less than EscalateToLeaderAfterDays (10); the leader is told before the administrators.");
    }

    [Fact]
    public void A_negative_waiting_time_is_refused()
    {
        new ReminderSettings { WaitingForDecisionAfter = TimeSpan.FromHours(-1) }.Validate().ShouldHaveSingleItem()
            .ShouldBe("WaitingForDecisionAfter: must not be negative.");
    }

    [Fact]
    public void With_no_daily_window_overdue_items_are_reminded_weekly_only()
    {
        var settings = new ReminderSettings { OverdueDailyForDays = 0 };

        Enumerable.Range(0, 22).Where(d => ReminderCadence.IsReminderDay(d, settings)).ShouldBe([7, 14, 21]);
    }
}
