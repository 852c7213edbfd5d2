using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>One digest per person per run: a person with several roles gets one mail with sections, most urgent first.</summary>
public class PersonalDigestTests
{
    private static IReadOnlyList<PersonalDigest> Personal(IEnumerable<ReminderItem> items, ReminderAudience? audience = null) =>
        ReminderPolicy.DecidePersonal(items, Today, MorningOf(Today), ReminderSettings.Default, audience ?? ReminderAudience.None);

    [Fact]
    public void An_owner_who_is_also_a_leader_and_an_administrator_gets_one_digest_with_every_section_in_urgency_order()
    {
        // "wang" owns an overdue item, an item due today and one due in 3 days, leads another owner's item that is 3 days late
        // (escalation) and is waiting for a sign-off, and is an administrator who sees an item 14 days late.
        var waitingSince = MorningOf(Today).AddDays(-3);
        var items = new[]
        {
            DueIn(3, "D", owner: "wang", leader: "li"),
            Overdue(2, "A", owner: "wang", leader: "li"),
            DueIn(0, "C", owner: "wang", leader: "li"),
            Overdue(3, "E", owner: "zhao", leader: "wang"),
            Item("F", Today.AddDays(10), ItemStatus.AwaitingSignOff, owner: "zhao", leader: "wang") with { SignOffRequestedAt = waitingSince },
            Overdue(14, "G", owner: "zhao", leader: "li"),
        };

        var digests = Personal(items, Admins("wang"));

        var wang = digests.Single(d => d.RecipientId == "wang");
        wang.Sections.Select(s => s.Section).ShouldBe(
        [
            DigestSection.Overdue, DigestSection.AwaitingDecision, DigestSection.LeaderEscalation, DigestSection.AdminEscalation,
            DigestSection.DueToday, DigestSection.DueSoon,
        ]);
        wang.LinesOf(DigestSection.Overdue).Select(l => l.Number).ShouldBe(["A"]);
        wang.LinesOf(DigestSection.AwaitingDecision).Select(l => l.Number).ShouldBe(["F"]);
        wang.LinesOf(DigestSection.LeaderEscalation).Select(l => l.Number).ShouldBe(["E"]);
        wang.LinesOf(DigestSection.AdminEscalation).Select(l => l.Number).ShouldBe(["G"]);
        wang.LinesOf(DigestSection.DueToday).Select(l => l.Number).ShouldBe(["C"]);
        wang.LinesOf(DigestSection.DueSoon).Select(l => l.Number).ShouldBe(["D"]);
        digests.Select(d => d.RecipientId).ShouldBe(["li", "wang", "zhao"]);
        digests.ShouldAllBe(d => d.Sections.Count > 0);
    }

    [Fact]
    public void The_key_is_per_person_and_day_whatever_the_sections()
    {
        var monday = Personal([Overdue(2, owner: "wang")]).ShouldHaveSingleItem();
        var alsoMonday = Personal([Overdue(2, owner: "wang"), DueIn(3, owner: "wang")]).ShouldHaveSingleItem();
        var tuesday = ReminderPolicy.DecidePersonal([Overdue(2, owner: "wang")], Today.AddDays(1), MorningOf(Today.AddDays(1)), ReminderSettings.Default, ReminderAudience.None)
            .Single(d => d.RecipientId == "wang");

        monday.IdempotencyKey.ShouldBe("Digest:wang:2026-11-21");
        alsoMonday.IdempotencyKey.ShouldBe(monday.IdempotencyKey);
        tuesday.IdempotencyKey.ShouldBe("Digest:wang:2026-11-22");
    }

    [Fact]
    public void A_leader_who_is_also_an_administrator_sees_an_escalated_item_once()
    {
        var digest = Personal([Overdue(14, "G", owner: "zhao", leader: "wang")], Admins("wang")).Single(d => d.RecipientId == "wang");

        digest.LinesOf(DigestSection.LeaderEscalation).Select(l => l.Number).ShouldBe(["G"]);
        digest.LinesOf(DigestSection.AdminEscalation).ShouldBeEmpty();
        digest.Sections.Select(s => s.Section).ShouldNotContain(DigestSection.AdminEscalation);
    }

    [Fact]
    public void Long_term_reports_missing_come_right_after_overdue_items()
    {
        var longTerm = LongTerm(ReportingPeriod.Monthly, createdOn: Today.AddMonths(-1).AddDays(-1), owner: "wang");

        var digest = Personal([DueIn(3, owner: "wang"), longTerm, Overdue(1, owner: "wang")]).ShouldHaveSingleItem();

        digest.Sections.Select(s => s.Section).ShouldBe([DigestSection.Overdue, DigestSection.LongTermReportMissing, DigestSection.DueSoon]);
    }

    [Fact]
    public void Personal_digests_hold_exactly_the_lines_of_the_per_kind_decision()
    {
        var waitingSince = MorningOf(Today).AddDays(-3);
        var items = new[]
        {
            Overdue(1, owner: "a", leader: "b"), Overdue(4, owner: "a", leader: "b"), DueIn(7, owner: "b", leader: "a"),
            Item(deadline: Today.AddDays(3), status: ItemStatus.AwaitingSignOff, owner: "c", leader: "a") with { PendingExtensionRequestedAt = waitingSince },
            Overdue(28, owner: "c", leader: "d"),
        };
        var audience = Admins("d", "e");

        var perKind = ReminderPolicy.Decide(items, Today, MorningOf(Today), ReminderSettings.Default, audience);
        var personal = Personal(items, audience);

        var fromKinds = perKind.SelectMany(d => d.Lines.Select(l => (d.RecipientId, l.ItemId, ReminderPolicy.SectionOf(d.Kind, l.Reason)))).ToHashSet();
        var fromPersons = personal.SelectMany(d => d.Sections.SelectMany(s => s.Lines.Select(l => (d.RecipientId, l.ItemId, s.Section)))).ToHashSet();
        // The only difference allowed: an administrator who leads the item sees it once, as its leader ("d" leads the 28-day one).
        fromKinds.Except(fromPersons).ShouldBe([("d", items[4].ItemId, DigestSection.AdminEscalation)], ignoreOrder: true);
        fromPersons.ShouldBeSubsetOf(fromKinds);
        personal.Count.ShouldBe(perKind.Select(d => d.RecipientId).Distinct().Count());
    }
}
