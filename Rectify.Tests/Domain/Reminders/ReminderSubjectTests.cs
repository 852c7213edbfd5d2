using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>Subject lines a secretary understands at a glance, most urgent first.</summary>
public class ReminderSubjectTests
{
    private static string SubjectOf(DigestKind kind, params ReminderItem[] items) =>
        Run(items, audience: Admins("admin-1"), now: MorningOf(Today)).Single(kind).Subject;

    [Fact]
    public void Due_soon_only()
    {
        SubjectOf(DigestKind.OwnerDeadlines, DueIn(7), DueIn(3), DueIn(7)).ShouldBe("【整改提醒】您有3项整改事项将于7天内到期");
    }

    [Fact]
    public void Due_tomorrow_says_tomorrow()
    {
        SubjectOf(DigestKind.OwnerDeadlines, DueIn(1)).ShouldBe("【整改提醒】您有1项整改事项将于明天到期");
    }

    [Fact]
    public void Due_today_leads_before_due_soon()
    {
        SubjectOf(DigestKind.OwnerDeadlines, DueIn(0), DueIn(3)).ShouldBe("【整改提醒】您有1项整改事项今天到期，另有1项将于3天内到期");
    }

    [Fact]
    public void Overdue_leads_when_mixed_with_due_soon()
    {
        SubjectOf(DigestKind.OwnerDeadlines, DueIn(7), Overdue(1), Overdue(2), DueIn(0))
            .ShouldBe("【逾期提醒】您有2项整改事项已逾期，另有1项今天到期、1项将于7天内到期");
    }

    [Fact]
    public void Overdue_only()
    {
        SubjectOf(DigestKind.OwnerDeadlines, Overdue(1), Overdue(2)).ShouldBe("【逾期提醒】您有2项整改事项已逾期");
    }

    [Fact]
    public void Missing_long_term_progress()
    {
        SubjectOf(DigestKind.OwnerDeadlines, LongTerm(ReportingPeriod.Monthly, createdOn: new DateOnly(2026, 10, 20)), DueIn(3))
            .ShouldBe("【进展提醒】您有1项长期坚持整改事项未按期报送进展，另有1项整改事项将于3天内到期");
    }

    [Fact]
    public void Leader_escalation()
    {
        SubjectOf(DigestKind.LeaderEscalation, Overdue(3)).ShouldBe("【逾期督办】您负责的1项整改事项已逾期3天，请督促整改");
        SubjectOf(DigestKind.LeaderEscalation, Overdue(3), Overdue(21)).ShouldBe("【逾期督办】您负责的2项整改事项已逾期，最长逾期21天，请督促整改");
    }

    [Fact]
    public void Admin_escalation()
    {
        SubjectOf(DigestKind.AdminEscalation, Overdue(14), Overdue(28), Overdue(21)).ShouldBe("【逾期督办】有3项整改事项已逾期，最长逾期28天，请跟踪督办");
    }

    [Fact]
    public void Leader_decisions()
    {
        var now = MorningOf(Today);
        var signOff = DueIn(10, status: ItemStatus.AwaitingSignOff) with { SignOffRequestedAt = now.AddDays(-2) };
        var extension = DueIn(10) with { PendingExtensionRequestedAt = now.AddDays(-2) };

        SubjectOf(DigestKind.LeaderDecisions, signOff).ShouldBe("【待您审核】您有1项销号申请待审核");
        SubjectOf(DigestKind.LeaderDecisions, extension).ShouldBe("【待您审批】您有1项延期申请待审批");
        SubjectOf(DigestKind.LeaderDecisions, signOff, extension, signOff with { ItemId = Guid.NewGuid() })
            .ShouldBe("【待您审核】您有2项销号申请、1项延期申请待审核");
    }
}
