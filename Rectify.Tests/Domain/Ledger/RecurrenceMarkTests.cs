using Rectify.Domain;
using Rectify.Domain.Auditing;
using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>Marking an item as the same weakness as an earlier one found again (屡查屡犯).</summary>
public class RecurrenceMarkTests
{
    private readonly LedgerWorld _world = new();

    private (RectificationItem Earlier, RectificationItem Later) Pair()
    {
        var earlier = _world.NewItem(Details("学习形式比较单一"), Today.AddDays(-400), Now.AddDays(-400));
        var later = _world.NewItem(Details("学习形式单一，仍以读文件为主"));
        return (earlier, later);
    }

    private ItemDetails Details(string description) => _world.Details(description: description);

    [Fact]
    public void An_administrator_marks_a_later_item_as_a_recurrence_and_it_is_audited_with_the_earlier_number()
    {
        var (earlier, later) = Pair();
        var version = later.Version;

        later.MarkRecurrence(_world.As(Admin), earlier.Id, earlier, Now);

        later.RecurrenceOfItemId.ShouldBe(earlier.Id);
        later.Version.ShouldBe(version + 1);
        var audit = later.PendingAudit.ShouldHaveSingleItem();
        audit.Action.ShouldBe(AuditActions.RecurrenceMarked);
        audit.After!.ShouldContain(earlier.Number);
    }

    [Fact]
    public void Clearing_the_mark_is_audited_and_clearing_nothing_changes_nothing()
    {
        var (earlier, later) = Pair();
        later.MarkRecurrence(_world.As(Admin), earlier.Id, earlier, Now);
        later.ClearPendingAudit();

        later.MarkRecurrence(_world.As(Admin), null, null, Now);
        later.RecurrenceOfItemId.ShouldBeNull();
        later.PendingAudit.ShouldHaveSingleItem().Action.ShouldBe(AuditActions.RecurrenceCleared);
        later.ClearPendingAudit();
        var version = later.Version;

        later.MarkRecurrence(_world.As(Admin), null, null, Now);
        later.Version.ShouldBe(version);
        later.PendingAudit.ShouldBeEmpty();
    }

    [Fact]
    public void Not_itself_not_a_missing_item_and_not_a_later_one()
    {
        var (earlier, later) = Pair();

        Should.Throw<DomainException>(() => later.MarkRecurrence(_world.As(Admin), later.Id, later, Now)).Code.ShouldBe("item.recurrence.self");
        Should.Throw<DomainException>(() => later.MarkRecurrence(_world.As(Admin), Guid.NewGuid(), null, Now)).Code.ShouldBe("item.recurrence.not_found");
        Should.Throw<DomainException>(() => earlier.MarkRecurrence(_world.As(Admin), later.Id, later, Now)).Code.ShouldBe("item.recurrence.not_earlier");
        later.RecurrenceOfItemId.ShouldBeNull();
        earlier.RecurrenceOfItemId.ShouldBeNull();
    }

    [Fact]
    public void Only_an_administrator_marks_but_in_any_state()
    {
        var (earlier, _) = Pair();
        var closed = _world.ClosedItem();

        Should.Throw<DomainForbiddenException>(() => closed.MarkRecurrence(_world.As(Office1Secretary), earlier.Id, earlier, Now));
        Should.Throw<DomainForbiddenException>(() => closed.MarkRecurrence(_world.As(TopLeader), earlier.Id, earlier, Now));
        closed.MarkRecurrence(_world.As(Admin), earlier.Id, earlier, Now);
        closed.RecurrenceOfItemId.ShouldBe(earlier.Id);
    }
}
