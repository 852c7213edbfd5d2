using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>One mail per person per run, most urgent first; the due-soon part is optional.</summary>
public class DigestTests
{
    [Fact]
    public void Three_items_of_one_owner_make_one_digest_with_three_lines()
    {
        var digest = Run(DueIn(7), Overdue(2), DueIn(3)).ShouldHaveSingleItem();

        digest.Kind.ShouldBe(DigestKind.OwnerDeadlines);
        digest.RecipientId.ShouldBe("owner-1");
        digest.RunDay.ShouldBe(Today);
        digest.Lines.Count.ShouldBe(3);
    }

    [Fact]
    public void Each_owner_gets_their_own_digest()
    {
        var digests = Run(Overdue(1, owner: "owner-b"), Overdue(1, owner: "owner-a"), DueIn(3, owner: "owner-a"));

        digests.Select(d => (d.RecipientId, d.Lines.Count)).ShouldBe([("owner-a", 2), ("owner-b", 1)]);
    }

    [Fact]
    public void Lines_are_ordered_most_overdue_first_then_fewest_days_left()
    {
        var digest = Run(DueIn(7, "A"), Overdue(1, "B"), DueIn(0, "C"), Overdue(5, "D"), DueIn(1, "E")).Single(DigestKind.OwnerDeadlines);

        digest.Lines.Select(l => l.Number).ShouldBe(["D", "B", "C", "E", "A"]);
    }

    [Fact]
    public void Lines_equally_urgent_are_ordered_by_number_as_a_secretary_reads_it()
    {
        var digest = Run(Overdue(2, "2026-10"), Overdue(2, "2026-2"), Overdue(2, "2026-1")).ShouldHaveSingleItem();

        digest.Lines.Select(l => l.Number).ShouldBe(["2026-1", "2026-2", "2026-10"]);
    }

    [Fact]
    public void Opting_out_of_due_soon_drops_due_soon_and_due_today_but_keeps_overdue()
    {
        var digest = Run([DueIn(7), DueIn(0), Overdue(3)], audience: OptedOut("owner-1")).Single(DigestKind.OwnerDeadlines);

        digest.Lines.ShouldHaveSingleItem().Reason.ShouldBe(ReminderReason.Overdue);
    }

    [Fact]
    public void Opting_out_with_only_due_soon_items_sends_no_digest_at_all()
    {
        Run([DueIn(7), DueIn(1)], audience: OptedOut("owner-1")).ShouldBeEmpty();
    }

    [Fact]
    public void Opting_out_affects_only_that_owner_and_not_escalations_about_their_items()
    {
        var items = new[] { DueIn(3, owner: "owner-1"), DueIn(3, owner: "owner-2"), Overdue(4, owner: "owner-1") };

        var digests = Run(items, audience: OptedOut("owner-1"));

        digests.Single(d => d.RecipientId == "owner-2").Lines.ShouldHaveSingleItem().Reason.ShouldBe(ReminderReason.DueSoon);
        digests.Single(d => d.RecipientId == "owner-1").Lines.ShouldHaveSingleItem().Reason.ShouldBe(ReminderReason.Overdue);
        digests.Single(DigestKind.LeaderEscalation).Lines.ShouldHaveSingleItem();
    }

    [Fact]
    public void Digests_come_ordered_by_kind_then_recipient()
    {
        var items = new[] { Overdue(14, owner: "owner-2", leader: "leader-1"), Overdue(3, owner: "owner-1", leader: "leader-2") };

        var digests = Run(items, audience: Admins("admin-1"));

        digests.Select(d => $"{d.Kind}/{d.RecipientId}").ShouldBe([
            "OwnerDeadlines/owner-1",
            "OwnerDeadlines/owner-2",
            "LeaderEscalation/leader-1",
            "LeaderEscalation/leader-2",
            "AdminEscalation/admin-1",
        ]);
    }

    [Fact]
    public void No_items_means_no_digests()
    {
        Run([]).ShouldBeEmpty();
    }

    [Fact]
    public void Invalid_settings_are_refused_naming_the_setting()
    {
        var settings = new ReminderSettings { EscalateToLeaderAfterDays = 10, EscalateToAdminAfterDays = 5 };

        var error = Should.Throw<ArgumentException>(() => Run([Overdue(1)], settings: settings));

        // For the operator, in English, naming the setting (decided with the configuration checks: ReminderSettingsValidator).
        error.Message.ShouldContain("EscalateToAdminAfterDays: 5 is less than EscalateToLeaderAfterDays (10)");
    }
}
