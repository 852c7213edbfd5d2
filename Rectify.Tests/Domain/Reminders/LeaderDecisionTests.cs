using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>Sign-off (销号) and extension (延期) requests waiting for the leader.</summary>
public class LeaderDecisionTests
{
    private static readonly DateTimeOffset Now = MorningOf(Today);

    private static ReminderItem AwaitingSignOffSince(TimeSpan ago, string leader = "leader-1", string? number = null) =>
        DueIn(10, number: number, leader: leader, status: ItemStatus.AwaitingSignOff) with { SignOffRequestedAt = Now - ago };

    [Fact]
    public void Sign_off_waiting_more_than_a_day_goes_to_the_leader()
    {
        var digest = Run([AwaitingSignOffSince(TimeSpan.FromHours(25), leader: "leader-9")], now: Now).ShouldHaveSingleItem();

        digest.Kind.ShouldBe(DigestKind.LeaderDecisions);
        digest.RecipientId.ShouldBe("leader-9");
        var line = digest.Lines.ShouldHaveSingleItem();
        line.Reason.ShouldBe(ReminderReason.AwaitingYourSignOff);
        line.Days.ShouldBe(1);
    }

    [Fact]
    public void Sign_off_waiting_less_than_a_day_produces_nothing()
    {
        Run([AwaitingSignOffSince(TimeSpan.FromHours(23))], now: Now).ShouldBeEmpty();
    }

    [Fact]
    public void Sign_off_waiting_exactly_one_day_is_not_yet_more_than_a_day()
    {
        Run([AwaitingSignOffSince(TimeSpan.FromDays(1))], now: Now).ShouldBeEmpty();
    }

    [Fact]
    public void Extension_request_waiting_more_than_a_day_goes_to_the_leader_less_does_not()
    {
        var old = Overdue(2) with { PendingExtensionRequestedAt = Now - TimeSpan.FromDays(3) };
        var fresh = Overdue(2) with { PendingExtensionRequestedAt = Now - TimeSpan.FromHours(5) };

        var line = Run([old], now: Now).Single(DigestKind.LeaderDecisions).Lines.ShouldHaveSingleItem();
        line.Reason.ShouldBe(ReminderReason.AwaitingYourExtensionDecision);
        line.Days.ShouldBe(3);

        Run([fresh], now: Now).OfKind(DigestKind.LeaderDecisions).ShouldBeEmpty();
    }

    [Fact]
    public void Sign_offs_and_extensions_share_one_digest_longest_waiting_first()
    {
        var items = new[]
        {
            AwaitingSignOffSince(TimeSpan.FromDays(2), number: "2026-1"),
            DueIn(20, number: "2026-2") with { PendingExtensionRequestedAt = Now - TimeSpan.FromDays(5) },
            AwaitingSignOffSince(TimeSpan.FromDays(4), number: "2026-3"),
        };

        var digest = Run(items, now: Now).ShouldHaveSingleItem();

        digest.Kind.ShouldBe(DigestKind.LeaderDecisions);
        digest.Lines.Select(l => (l.Number, l.Days)).ShouldBe([("2026-2", 5), ("2026-3", 4), ("2026-1", 2)]);
    }

    [Fact]
    public void The_waiting_time_is_configurable()
    {
        var settings = new ReminderSettings { WaitingForDecisionAfter = TimeSpan.FromDays(3) };

        Run([AwaitingSignOffSince(TimeSpan.FromDays(2))], settings: settings, now: Now).ShouldBeEmpty();
        Run([AwaitingSignOffSince(TimeSpan.FromDays(4))], settings: settings, now: Now).ShouldHaveSingleItem();
    }

    [Fact]
    public void A_sign_off_timestamp_on_an_item_no_longer_awaiting_sign_off_is_ignored()
    {
        var sentBack = DueIn(10) with { SignOffRequestedAt = Now - TimeSpan.FromDays(5) };

        Run([sentBack], now: Now).ShouldBeEmpty();
    }

    [Fact]
    public void The_leader_is_reminded_again_every_day_until_deciding()
    {
        var item = AwaitingSignOffSince(TimeSpan.FromDays(2));
        var tomorrow = Today.AddDays(1);

        var first = Run([item], now: Now).ShouldHaveSingleItem();
        var second = Run([item], today: tomorrow, now: MorningOf(tomorrow)).ShouldHaveSingleItem();

        second.Lines[0].Days.ShouldBe(3);
        second.IdempotencyKey.ShouldNotBe(first.IdempotencyKey);
    }
}
