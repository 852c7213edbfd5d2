using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>长期坚持 items have no deadline, but owe a progress report every period.</summary>
public class LongTermTests
{
    [Fact]
    public void A_monthly_item_without_progress_is_reminded_the_day_after_its_period_passes()
    {
        // Created 2026-10-20: the first report was due 2026-11-20; today is 2026-11-21.
        var item = LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2026, 10, 20));

        var line = Run(item).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem();

        line.Reason.ShouldBe(ReminderReason.LongTermReportMissing);
        line.Deadline.ShouldBe(new DateOnly(2026, 11, 20));
        line.Days.ShouldBe(1);
    }

    [Fact]
    public void No_reminder_on_the_day_the_report_is_due()
    {
        Run(LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2026, 10, 21))).ShouldBeEmpty();
    }

    [Fact]
    public void Recent_progress_restarts_the_period_so_there_is_no_reminder()
    {
        var item = LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2026, 1, 5), lastProgress: new DateOnly(2026, 11, 2));

        Run(item).ShouldBeEmpty();
    }

    [Fact]
    public void The_period_runs_from_the_last_progress_not_from_creation()
    {
        // Last progress 2026-10-14, monthly: due 2026-11-14, 7 days late today.
        var item = LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2026, 1, 5), lastProgress: new DateOnly(2026, 10, 14));

        var line = Run(item).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem();
        line.Deadline.ShouldBe(new DateOnly(2026, 11, 14));
        line.Days.ShouldBe(7);
    }

    [Fact]
    public void A_quarterly_item_owes_a_report_only_three_months_after_the_last_one()
    {
        var lastProgress = new DateOnly(2026, 10, 14);
        Run(LongTerm(ReportingPeriod.Quarterly, createdOn: new DateOnly(2026, 1, 5), lastProgress: lastProgress)).ShouldBeEmpty();

        // Three months later (due 2027-01-14) it is reminded the day after.
        var item = LongTerm(ReportingPeriod.Quarterly, createdOn: new DateOnly(2026, 1, 5), lastProgress: lastProgress);
        var line = Run([item], today: new DateOnly(2027, 1, 15)).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem();
        line.Reason.ShouldBe(ReminderReason.LongTermReportMissing);
        line.Deadline.ShouldBe(new DateOnly(2027, 1, 14));
    }

    [Fact]
    public void A_half_yearly_item_owes_a_report_six_months_after_creation()
    {
        var item = LongTerm(ReportingPeriod.HalfYearly, createdOn: new DateOnly(2026, 5, 20));

        Run(item).Single(DigestKind.OwnerDeadlines).Lines.ShouldHaveSingleItem().Deadline.ShouldBe(new DateOnly(2026, 11, 20));
    }

    [Fact]
    public void Missing_reports_are_reminded_on_the_overdue_cadence()
    {
        var created = new DateOnly(2026, 10, 21); // report due 2026-11-21
        var item = LongTerm(ReportingPeriod.Monthly, createdOn: created);
        var remindedOn = Enumerable.Range(0, 29)
            .Where(d => Run([item], today: Today.AddDays(d)).Count == 1)
            .ToList();

        remindedOn.ShouldBe([1, 2, 3, 4, 5, 6, 7, 14, 21, 28]);
    }

    [Fact]
    public void Missing_long_term_reports_are_not_escalated_and_not_dropped_by_the_due_soon_opt_out()
    {
        // Due 2026-10-24: 28 days late today, a cadence day, and well past both escalation thresholds.
        var lateByFourWeeks = LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2026, 9, 24));
        var digests = Run([lateByFourWeeks], audience: new ReminderAudience(["admin-1"], new HashSet<string> { "owner-1" }));

        digests.ShouldHaveSingleItem().Kind.ShouldBe(DigestKind.OwnerDeadlines);
        digests[0].Lines.ShouldHaveSingleItem().Days.ShouldBe(28);
    }

    [Fact]
    public void A_long_term_item_ignores_any_stray_deadline_and_without_a_period_gets_nothing()
    {
        var noPeriod = LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2026, 1, 1)) with { Period = null, Deadline = Today.AddDays(-1) };

        Run(noPeriod).ShouldBeEmpty();
    }

    [Fact]
    public void Long_term_items_awaiting_sign_off_get_no_progress_reminder()
    {
        var item = LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2026, 10, 20)) with { Status = ItemStatus.AwaitingSignOff };

        Run(item).ShouldBeEmpty();
    }
}
