using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>延期申请: the owner asks, the leader decides; the deadline moves only on approval.</summary>
public class ExtensionTests
{
    private readonly LedgerWorld _world = new();
    private readonly DateOnly _deadline = Today.AddDays(30);

    [Fact]
    public void Requesting_an_extension_leaves_the_deadline_until_decided()
    {
        var item = _world.InProgressItem();

        var request = item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(30), "需等待区委巡察组反馈意见。", Today, Now);

        item.Deadline.ShouldBe(_deadline);
        item.PendingExtension.ShouldBeSameAs(request);
        request.State.ShouldBe(ExtensionState.Pending);
        request.OldDeadline.ShouldBe(_deadline);
        request.RequestedDeadline.ShouldBe(_deadline.AddDays(30));
        request.RequestedBy.ShouldBe("chenjing");
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.extension_requested");
        record.Comment.ShouldBe("需等待区委巡察组反馈意见。");
    }

    [Fact]
    public void Approving_an_extension_moves_the_deadline_and_keeps_the_old_one_in_the_request()
    {
        var item = _world.InProgressItem();
        var request = item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(30), "等待反馈。", Today, Now);
        item.ClearPendingAudit();

        item.DecideExtension(_world.As(OfficeLeader), request.Id, approve: true, comment: null, Now.AddDays(1));

        item.Deadline.ShouldBe(_deadline.AddDays(30));
        request.State.ShouldBe(ExtensionState.Approved);
        request.OldDeadline.ShouldBe(_deadline);
        request.DecidedBy.ShouldBe("liweidong");
        request.DecidedAt.ShouldBe(Now.AddDays(1));
        item.PendingExtension.ShouldBeNull();
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.extension_approved");
        record.Before.ShouldBe("""{"deadline":"2026-04-01"}""");
        record.After.ShouldBe($$"""{"extensionId":"{{request.Id}}","requestedBy":"chenjing","decidedBy":"liweidong","deadline":"2026-05-01"}""");
    }

    [Fact]
    public void Refusing_an_extension_keeps_the_deadline_and_records_the_comment()
    {
        var item = _world.InProgressItem();
        var request = item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(30), "工作较多。", Today, Now);

        item.DecideExtension(_world.As(OfficeLeader), request.Id, approve: false, "理由不充分，请按期完成。", Now);

        item.Deadline.ShouldBe(_deadline);
        request.State.ShouldBe(ExtensionState.Refused);
        request.DecisionComment.ShouldBe("理由不充分，请按期完成。");
        item.PendingAudit[^1].Action.ShouldBe("item.extension_refused");
        item.PendingAudit[^1].Comment.ShouldBe("理由不充分，请按期完成。");
    }

    [Fact]
    public void Refusing_needs_a_comment()
    {
        var item = _world.InProgressItem();
        var request = item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(30), "工作较多。", Today, Now);

        Action act = () => item.DecideExtension(_world.As(OfficeLeader), request.Id, approve: false, "  ", Now);

        act.ShouldBeRefused("item.extension.comment_required").InChinese().ShouldBe("不同意延期时，请填写审核意见。");
        request.State.ShouldBe(ExtensionState.Pending);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void New_deadline_must_be_later_than_the_current_one(int days)
    {
        var item = _world.InProgressItem();
        Action act = () => item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(days), "理由", Today, Now);
        act.ShouldBeRefused("item.extension.not_later").InChinese().ShouldBe("延期后的时限必须晚于当前整改时限（2026年4月1日）。");
    }

    [Fact]
    public void New_deadline_may_not_be_before_today_even_for_an_overdue_item()
    {
        var item = _world.InProgressItem();
        var later = _deadline.AddDays(40);
        Action act = () => item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(5), "理由", later, Now.AddDays(70));
        act.ShouldBeRefused("item.extension.in_past");
    }

    [Fact]
    public void A_reason_is_required()
    {
        var item = _world.InProgressItem();
        Action act = () => item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "", Today, Now);
        act.ShouldBeRefused("item.extension.reason.required").InChinese().ShouldBe("延期理由不能为空。");
    }

    [Fact]
    public void Only_one_extension_may_be_pending_at_a_time()
    {
        var item = _world.InProgressItem();
        item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "理由一", Today, Now);

        Action act = () => item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(20), "理由二", Today, Now);

        act.ShouldBeRefused("item.extension.already_pending");
        item.Extensions.Count.ShouldBe(1);
    }

    [Fact]
    public void After_a_refusal_a_new_extension_may_be_requested()
    {
        var item = _world.InProgressItem();
        var first = item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "理由一", Today, Now);
        item.DecideExtension(_world.As(OfficeLeader), first.Id, false, "请说明具体困难。", Now);

        item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "需配合区委巡察整改统一部署。", Today, Now);

        item.Extensions.Count.ShouldBe(2);
        item.PendingExtension.ShouldNotBeNull();
    }

    [Fact]
    public void Long_term_items_have_no_deadline_to_extend()
    {
        var item = _world.LongTermItem();
        Action act = () => item.RequestExtension(_world.As(Office1Secretary), Today.AddDays(60), "理由", Today, Now);
        act.ShouldBeRefused("item.extension.long_term");
    }

    [Fact]
    public void Signed_off_and_closed_items_cannot_be_extended()
    {
        var signedOff = _world.SignedOffItem();
        Action onSignedOff = () => signedOff.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "理由", Today, Now);
        onSignedOff.ShouldBeRefused("item.locked.signed_off");

        var closed = _world.ClosedItem();
        Action onClosed = () => closed.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "理由", Today, Now);
        onClosed.ShouldBeRefused("item.locked.closed");
    }

    [Fact]
    public void The_owner_cannot_decide_their_own_extension()
    {
        var item = _world.InProgressItem();
        var request = item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "理由", Today, Now);

        Action act = () => item.DecideExtension(_world.As(Office1Secretary), request.Id, true, null, Now);

        act.ShouldBeForbidden().Code.ShouldBe("item.forbidden.decide");
        item.Deadline.ShouldBe(_deadline);
    }

    [Fact]
    public void A_secretary_of_another_branch_cannot_ask_for_an_extension()
    {
        var item = _world.InProgressItem();
        Action act = () => item.RequestExtension(_world.As(Office2Secretary), _deadline.AddDays(10), "理由", Today, Now);
        act.ShouldBeForbidden();
    }

    [Fact]
    public void A_decided_request_cannot_be_decided_again()
    {
        var item = _world.InProgressItem();
        var request = item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "理由", Today, Now);
        item.DecideExtension(_world.As(OfficeLeader), request.Id, true, "同意", Now);

        Action act = () => item.DecideExtension(_world.As(TopLeader), request.Id, false, "不同意", Now);

        act.ShouldBeRefused("item.extension.already_decided");
        item.Deadline.ShouldBe(_deadline.AddDays(10));
    }

    [Fact]
    public void Deciding_an_unknown_request_is_refused()
    {
        var item = _world.InProgressItem();
        Action act = () => item.DecideExtension(_world.As(OfficeLeader), Guid.NewGuid(), true, null, Now);
        act.ShouldBeRefused("item.extension.not_found");
    }

    [Fact]
    public void Administrator_cannot_edit_the_deadline_while_an_extension_is_pending()
    {
        var item = _world.InProgressItem();
        item.RequestExtension(_world.As(Office1Secretary), _deadline.AddDays(10), "理由", Today, Now);

        Action act = () => item.UpdateDetails(_world.As(Admin), _world.Details(deadline: _deadline.AddDays(5)), Today, Now);

        act.ShouldBeRefused("item.deadline.extension_pending");
        item.Deadline.ShouldBe(_deadline);
    }
}
