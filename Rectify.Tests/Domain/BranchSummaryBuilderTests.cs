using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;

namespace Rectify.Tests.Domain;

/// <summary>The group robots' morning summary of a branch: which items, in which section, in which order.</summary>
public sealed class BranchSummaryBuilderTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 0, 30, 0, TimeSpan.Zero);

    private static ReminderItem Item(string number, int organization, ItemStatus status, DateOnly? deadline,
        DeadlineType type = DeadlineType.ByDate, DateTimeOffset? signOffAt = null) =>
        new(Guid.NewGuid(), number, "问题" + number, status, type, deadline, type == DeadlineType.LongTerm ? ReportingPeriod.Monthly : null,
            Today.AddDays(-60), null, "owner-" + number, "leader-" + number, signOffAt, null, organization);

    [Fact]
    public void Sorts_the_branchs_items_into_overdue_due_soon_and_awaiting_sign_off()
    {
        var items = new[]
        {
            Item("1", 2, ItemStatus.InProgress, Today.AddDays(-3)),
            Item("2", 2, ItemStatus.InProgress, Today.AddDays(-10)),
            Item("3", 2, ItemStatus.InProgress, Today),
            Item("4", 2, ItemStatus.InProgress, Today.AddDays(7)),
            Item("5", 2, ItemStatus.InProgress, Today.AddDays(8)),
            Item("6", 2, ItemStatus.AwaitingSignOff, Today.AddDays(-1), signOffAt: Now.AddDays(-2)),
            Item("7", 2, ItemStatus.Closed, Today.AddDays(-5)),
            Item("8", 2, ItemStatus.SignedOff, Today.AddDays(-5)),
            Item("9", 2, ItemStatus.InProgress, null, DeadlineType.LongTerm),
            Item("10", 3, ItemStatus.InProgress, Today.AddDays(-4)),
            Item("11", 9, ItemStatus.InProgress, Today.AddDays(-4)),
        };

        var summary = BranchSummaryBuilder.Build(2, new HashSet<int> { 2, 3 }, items, Today, Now, dueSoonDays: 7);

        summary.Overdue.Select(l => (l.Number, l.Days)).ShouldBe([("2", 10), ("10", 4), ("1", 3)]);
        summary.DueSoon.Select(l => (l.Number, l.Days)).ShouldBe([("3", 0), ("4", 7)]);
        summary.AwaitingSignOff.Select(l => (l.Number, l.Days)).ShouldBe([("6", 2)]);
        summary.IdempotencyKey.ShouldBe("RobotSummary:2:2026-12-07");
        summary.PeopleToMention.ShouldBe(["owner-2", "owner-10", "owner-1", "owner-3", "owner-4", "leader-6"]);
    }

    [Fact]
    public void A_branch_with_nothing_late_or_coming_has_an_empty_summary()
    {
        var summary = BranchSummaryBuilder.Build(2, new HashSet<int> { 2 }, [Item("1", 2, ItemStatus.InProgress, Today.AddDays(30))], Today, Now, 7);

        summary.IsEmpty.ShouldBeTrue();
    }
}
