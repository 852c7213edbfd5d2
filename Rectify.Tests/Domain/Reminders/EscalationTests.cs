using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>Overdue items escalate to the responsible leader (default from 3 days) and to every administrator (from 14 days).</summary>
public class EscalationTests
{
    private static List<int> EscalationDays(DigestKind kind, ReminderSettings? settings = null, int upTo = 30)
    {
        var deadline = Today;
        return Enumerable.Range(0, upTo + 1)
            .Where(d => Run([Item(deadline: deadline)], today: deadline.AddDays(d), settings: settings, audience: Admins("admin-1"))
                .OfKind(kind).Count == 1)
            .ToList();
    }

    [Fact]
    public void Leader_is_not_told_the_day_before_the_threshold()
    {
        Run(Overdue(2)).OfKind(DigestKind.LeaderEscalation).ShouldBeEmpty();
    }

    [Fact]
    public void Leader_is_told_on_the_threshold_day()
    {
        var item = Overdue(3, leader: "leader-7");

        var digest = Run(item).Single(DigestKind.LeaderEscalation);

        digest.RecipientId.ShouldBe("leader-7");
        var line = digest.Lines.ShouldHaveSingleItem();
        line.Reason.ShouldBe(ReminderReason.EscalatedOverdue);
        line.Days.ShouldBe(3);
        line.Deadline.ShouldBe(item.Deadline);
    }

    [Fact]
    public void Leader_escalation_follows_the_overdue_cadence_after_the_threshold()
    {
        EscalationDays(DigestKind.LeaderEscalation).ShouldBe([3, 4, 5, 6, 7, 14, 21, 28]);
    }

    [Fact]
    public void Administrators_are_not_told_the_day_before_the_threshold()
    {
        Run([Overdue(13)], audience: Admins("admin-1")).OfKind(DigestKind.AdminEscalation).ShouldBeEmpty();
    }

    [Fact]
    public void Every_administrator_is_told_on_the_threshold_day()
    {
        var digests = Run([Overdue(14)], audience: Admins("admin-1", "admin-2")).OfKind(DigestKind.AdminEscalation);

        digests.Select(d => d.RecipientId).ShouldBe(["admin-1", "admin-2"]);
        digests.ShouldAllBe(d => d.Lines.Count == 1 && d.Lines[0].Reason == ReminderReason.EscalatedOverdue && d.Lines[0].Days == 14);
    }

    [Fact]
    public void Admin_escalation_follows_the_weekly_cadence_after_the_threshold()
    {
        EscalationDays(DigestKind.AdminEscalation, upTo: 35).ShouldBe([14, 21, 28, 35]);
    }

    [Fact]
    public void A_threshold_off_the_cadence_still_escalates_on_the_threshold_day_then_on_the_cadence()
    {
        var settings = new ReminderSettings { EscalateToLeaderAfterDays = 10, EscalateToAdminAfterDays = 17 };

        EscalationDays(DigestKind.LeaderEscalation, settings).ShouldBe([10, 14, 21, 28]);
        EscalationDays(DigestKind.AdminEscalation, settings).ShouldBe([17, 21, 28]);
    }

    [Fact]
    public void The_leader_keeps_being_told_after_the_administrators_are_involved()
    {
        var digests = Run([Overdue(21)], audience: Admins("admin-1"));

        digests.Select(d => d.Kind).ShouldBe([DigestKind.OwnerDeadlines, DigestKind.LeaderEscalation, DigestKind.AdminEscalation]);
    }

    [Fact]
    public void One_leader_digest_lists_all_their_escalated_items_across_owners()
    {
        var items = new[]
        {
            Overdue(3, owner: "owner-1", leader: "leader-1"),
            Overdue(5, owner: "owner-2", leader: "leader-1"),
            Overdue(4, owner: "owner-3", leader: "leader-2"),
        };

        var digests = Run(items).OfKind(DigestKind.LeaderEscalation);

        digests.Select(d => (d.RecipientId, d.Lines.Count)).ShouldBe([("leader-1", 2), ("leader-2", 1)]);
        digests[0].Lines.Select(l => l.Days).ShouldBe([5, 3]);
    }

    [Fact]
    public void Without_administrators_there_is_no_admin_escalation_and_duplicates_get_one_digest()
    {
        Run([Overdue(14)]).OfKind(DigestKind.AdminEscalation).ShouldBeEmpty();

        Run([Overdue(14)], audience: Admins("admin-1", "admin-1", " ")).OfKind(DigestKind.AdminEscalation)
            .ShouldHaveSingleItem().RecipientId.ShouldBe("admin-1");
    }

    [Fact]
    public void Items_awaiting_sign_off_still_reach_the_administrators_when_long_overdue()
    {
        var digests = Run([Overdue(14, status: ItemStatus.AwaitingSignOff)], audience: Admins("admin-1"));

        digests.ShouldHaveSingleItem().Kind.ShouldBe(DigestKind.AdminEscalation);
    }
}
