using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>Due-soon, due-today and overdue lines to the owner (责任人).</summary>
public class OwnerDeadlineTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(3)]
    [InlineData(1)]
    public void Due_soon_on_exactly_the_configured_days(int daysLeft)
    {
        var item = DueIn(daysLeft);

        var line = Run(item).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem();

        line.Reason.ShouldBe(ReminderReason.DueSoon);
        line.Days.ShouldBe(daysLeft);
        line.Deadline.ShouldBe(item.Deadline);
        line.ItemId.ShouldBe(item.ItemId);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(30)]
    public void No_due_soon_reminder_between_or_before_the_configured_days(int daysLeft)
    {
        Run(DueIn(daysLeft)).ShouldBeEmpty();
    }

    [Fact]
    public void Configured_due_soon_days_replace_the_defaults()
    {
        var settings = new ReminderSettings { DueSoonDays = [10, 5] };

        Run([DueIn(10)], settings: settings).ShouldHaveSingleItem();
        Run([DueIn(5)], settings: settings).ShouldHaveSingleItem();
        Run([DueIn(7)], settings: settings).ShouldBeEmpty();
        Run([DueIn(1)], settings: settings).ShouldBeEmpty();
    }

    [Fact]
    public void The_deadline_day_itself_is_due_today_not_overdue()
    {
        var line = Run(DueIn(0)).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem();

        line.Reason.ShouldBe(ReminderReason.DueToday);
        line.Days.ShouldBe(0);
    }

    [Fact]
    public void Due_today_is_sent_even_with_no_due_soon_days_configured()
    {
        var settings = new ReminderSettings { DueSoonDays = [] };

        Run([DueIn(0)], settings: settings).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem()
            .Reason.ShouldBe(ReminderReason.DueToday);
        Run([DueIn(7)], settings: settings).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Overdue_is_reminded_every_day_during_the_first_seven_days(int daysOverdue)
    {
        var line = Run(Overdue(daysOverdue)).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem();

        line.Reason.ShouldBe(ReminderReason.Overdue);
        line.Days.ShouldBe(daysOverdue);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(21)]
    [InlineData(28)]
    [InlineData(70)]
    public void After_the_first_week_overdue_is_reminded_on_every_seventh_day(int daysOverdue)
    {
        Run(Overdue(daysOverdue)).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem()
            .Days.ShouldBe(daysOverdue);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(15)]
    [InlineData(20)]
    [InlineData(22)]
    public void After_the_first_week_there_is_no_owner_reminder_between_the_weekly_days(int daysOverdue)
    {
        Run(Overdue(daysOverdue)).OfKind(DigestKind.OwnerDeadlines).ShouldBeEmpty();
    }

    [Fact]
    public void Over_a_month_the_owner_is_reminded_on_days_1_to_7_then_14_21_28()
    {
        var deadline = Today;
        var remindedOn = Enumerable.Range(1, 30)
            .Where(d => Run([Item(deadline: deadline)], today: deadline.AddDays(d)).OfKind(DigestKind.OwnerDeadlines).Count == 1)
            .ToList();

        remindedOn.ShouldBe([1, 2, 3, 4, 5, 6, 7, 14, 21, 28]);
    }

    [Fact]
    public void A_longer_daily_window_is_honoured_then_weekly_on_multiples_of_seven()
    {
        var settings = new ReminderSettings { OverdueDailyForDays = 10 };
        var deadline = Today;
        var remindedOn = Enumerable.Range(1, 22)
            .Where(d => Run([Item(deadline: deadline)], today: deadline.AddDays(d), settings: settings).OfKind(DigestKind.OwnerDeadlines).Count == 1)
            .ToList();

        remindedOn.ShouldBe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 21]);
    }

    [Fact]
    public void Immediate_items_follow_the_same_deadline_rules()
    {
        var item = Overdue(2) with { DeadlineType = DeadlineType.Immediate };

        Run(item).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem().Reason.ShouldBe(ReminderReason.Overdue);
    }

    [Fact]
    public void An_item_without_a_deadline_gets_no_deadline_reminder()
    {
        Run(Item(deadline: null)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(ItemStatus.Closed)]
    [InlineData(ItemStatus.SignedOff)]
    public void Closed_and_signed_off_items_produce_nothing(ItemStatus status)
    {
        var items = new[]
        {
            DueIn(7, status: status),
            DueIn(0, status: status),
            Overdue(3, status: status),
            Overdue(14, status: status) with { PendingExtensionRequestedAt = MorningOf(Today).AddDays(-5) },
        };

        Run(items, audience: Admins("admin-1")).ShouldBeEmpty();
    }

    [Fact]
    public void Items_awaiting_sign_off_get_no_owner_reminders_and_no_leader_escalation()
    {
        var items = new[]
        {
            DueIn(3, status: ItemStatus.AwaitingSignOff),
            DueIn(0, status: ItemStatus.AwaitingSignOff),
            Overdue(3, status: ItemStatus.AwaitingSignOff),
        };

        Run(items).ShouldBeEmpty();
    }

    [Fact]
    public void Open_items_are_reminded_like_items_in_progress()
    {
        Run(Overdue(1, status: ItemStatus.Open)).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem();
    }

    [Fact]
    public void A_pending_extension_does_not_stop_overdue_reminders_until_it_is_approved()
    {
        var item = Overdue(2) with { PendingExtensionRequestedAt = MorningOf(Today).AddHours(-2) };

        Run(item).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem().Reason.ShouldBe(ReminderReason.Overdue);
    }

    [Fact]
    public void Weekend_days_behave_like_weekdays()
    {
        // 2026-11-20 is a Friday; the next three days are Saturday, Sunday and Monday.
        var friday = new DateOnly(2026, 11, 20);
        var item = Item(deadline: friday);

        foreach (var (day, expected) in new[] { (friday.AddDays(1), 1), (friday.AddDays(2), 2), (friday.AddDays(3), 3) })
        {
            Run([item], today: day).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem().Days.ShouldBe(expected);
        }

        // A deadline on a Sunday is due soon on Saturday (1 day left) and due today on Sunday, not moved to Monday.
        var sunday = new DateOnly(2026, 11, 22);
        Run([Item(deadline: sunday)], today: sunday.AddDays(-1)).Single(DigestKind.OwnerDeadlines).Lines[0].Reason.ShouldBe(ReminderReason.DueSoon);
        Run([Item(deadline: sunday)], today: sunday).Single(DigestKind.OwnerDeadlines).Lines[0].Reason.ShouldBe(ReminderReason.DueToday);
    }
}
