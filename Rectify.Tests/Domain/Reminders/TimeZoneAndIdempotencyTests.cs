using System.Globalization;
using Rectify.Domain;
using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>The job takes "today" in Asia/Shanghai, and every digest has a key that makes reruns harmless.</summary>
public class TimeZoneAndIdempotencyTests
{
    private static readonly DateOnly Deadline = new(2026, 11, 21);

    private static IReadOnlyList<ReminderDigest> RunAt(FakeTimeProvider time, params ReminderItem[] items) =>
        // Exactly what the job does: today via Clock.Today in the organisation's zone, now from the same provider.
        ReminderPolicy.Decide(items, Clock.Today(time, Shanghai), time.GetUtcNow(), ReminderSettings.Default, ReminderAudience.None);

    [Fact]
    public void At_23_59_in_Shanghai_on_the_deadline_day_the_item_is_due_today_not_overdue()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 15, 59, 0, TimeSpan.Zero));

        var line = RunAt(time, Item(deadline: Deadline)).ShouldHaveSingleItem().Lines.ShouldHaveSingleItem();

        line.Reason.ShouldBe(ReminderReason.DueToday);
    }

    [Fact]
    public void At_midnight_in_Shanghai_the_item_is_one_day_overdue_although_it_is_still_the_21st_in_UTC()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero));

        var digest = RunAt(time, Item(deadline: Deadline)).ShouldHaveSingleItem();

        digest.RunDay.ShouldBe(new DateOnly(2026, 11, 22));
        var line = digest.Lines.ShouldHaveSingleItem();
        line.Reason.ShouldBe(ReminderReason.Overdue);
        line.Days.ShouldBe(1);
    }

    [Fact]
    public void The_time_provider_overload_takes_today_in_the_given_zone()
    {
        var item = Item(deadline: Deadline);
        var before = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 15, 59, 0, TimeSpan.Zero));
        var after = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero));

        ReminderPolicy.Decide([item], before, Shanghai, ReminderSettings.Default, ReminderAudience.None)
            .ShouldHaveSingleItem().Lines[0].Reason.ShouldBe(ReminderReason.DueToday);
        ReminderPolicy.Decide([item], after, Shanghai, ReminderSettings.Default, ReminderAudience.None)
            .ShouldHaveSingleItem().Lines[0].Reason.ShouldBe(ReminderReason.Overdue);
    }

    [Fact]
    public void The_key_names_kind_recipient_and_day()
    {
        Run(Overdue(1, owner: "u-42")).ShouldHaveSingleItem().IdempotencyKey.ShouldBe("OwnerDeadlines:u-42:2026-11-21");
    }

    [Fact]
    public void A_rerun_on_the_same_day_yields_the_same_keys_and_lines_even_at_another_hour()
    {
        var items = new[] { Overdue(3), DueIn(7), Overdue(14, owner: "owner-2") };
        var audience = Admins("admin-1");

        var morning = Run(items, audience: audience, now: MorningOf(Today));
        var evening = Run(items, audience: audience, now: MorningOf(Today).AddHours(12));

        evening.Select(d => d.IdempotencyKey).ShouldBe(morning.Select(d => d.IdempotencyKey));
        evening.Select(d => d.Lines.Count).ShouldBe(morning.Select(d => d.Lines.Count));
        morning.Select(d => d.IdempotencyKey).ShouldBeUnique();
    }

    [Fact]
    public void Keys_differ_across_days()
    {
        var item = Item(deadline: Today.AddDays(-1));

        var today = Run([item]).ShouldHaveSingleItem();
        var tomorrow = Run([item], today: Today.AddDays(1)).ShouldHaveSingleItem();

        tomorrow.IdempotencyKey.ShouldBe("OwnerDeadlines:owner-1:2026-11-22");
        tomorrow.IdempotencyKey.ShouldNotBe(today.IdempotencyKey);
    }

    [Fact]
    public void Keys_differ_across_kinds_for_the_same_person()
    {
        // The same user is owner of one item and leader of another.
        var items = new[] { Overdue(1, owner: "zhang"), Overdue(3, owner: "li", leader: "zhang") };

        var keys = Run(items).Where(d => d.RecipientId == "zhang").Select(d => d.IdempotencyKey).ToList();

        keys.ShouldBe(["OwnerDeadlines:zhang:2026-11-21", "LeaderEscalation:zhang:2026-11-21"]);
    }

    [Fact]
    public void The_key_does_not_depend_on_the_current_culture()
    {
        var digest = Run(Overdue(1)).ShouldHaveSingleItem();
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // Thai uses the Buddhist calendar (year 2569) by default.
            CultureInfo.CurrentCulture = new CultureInfo("th-TH");
            $"{Today:yyyy}".ShouldBe("2569", "the culture must really change the calendar for this test to mean anything");
            digest.IdempotencyKey.ShouldBe("OwnerDeadlines:owner-1:2026-11-21");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
