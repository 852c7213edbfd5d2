using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>销号: request, approve or send back, close after the notice period, reopen.</summary>
public class SignOffTests
{
    private readonly LedgerWorld _world = new();

    [Fact]
    public void Requesting_sign_off_moves_item_to_AwaitingSignOff_with_the_summary()
    {
        var item = _world.InProgressItem();

        item.RequestSignOff(_world.As(Office1Secretary), "  已建立月学习制度。 ", Now);

        item.Status.ShouldBe(ItemStatus.AwaitingSignOff);
        item.CompletionSummary.ShouldBe("已建立月学习制度。");
        item.SignOffRequestedAt.ShouldBe(Now);
        item.Version.ShouldBe(3);
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.signoff_requested");
        record.Before.ShouldBe("""{"status":"InProgress","completionSummary":null}""");
        record.After.ShouldBe("""{"status":"AwaitingSignOff","completionSummary":"已建立月学习制度。"}""");
    }

    [Fact]
    public void Sign_off_needs_at_least_one_progress_report()
    {
        var item = _world.NewItem();
        Action act = () => item.RequestSignOff(_world.As(Office1Secretary), "已整改完成。", Now);
        act.ShouldBeRefused("item.signoff.needs_progress").InChinese().ShouldBe("申请销号前至少需要填报一次整改进展。");
        item.Status.ShouldBe(ItemStatus.Open);
    }

    [Fact]
    public void Sign_off_needs_a_summary()
    {
        var item = _world.InProgressItem();
        Action act = () => item.RequestSignOff(_world.As(Office1Secretary), "  ", Now);
        act.ShouldBeRefused("item.signoff.summary.required").InChinese().ShouldBe("整改完成情况不能为空。");
        item.Status.ShouldBe(ItemStatus.InProgress);
    }

    [Fact]
    public void Sign_off_cannot_be_requested_twice()
    {
        var item = _world.AwaitingSignOffItem();
        Action act = () => item.RequestSignOff(_world.As(Office1Secretary), "再次申请", Now);
        act.ShouldBeRefused("item.locked.awaiting_signoff");
    }

    [Fact]
    public void Long_term_item_needs_its_standing_mechanism_before_sign_off()
    {
        var item = _world.LongTermItem();
        item.AddProgress(_world.As(Office1Secretary), Today, "本月开展集中学习。", null, Today, Now);

        Action without = () => item.RequestSignOff(_world.As(Office1Secretary), "坚持每月集中学习。", Now);
        without.ShouldBeRefused("item.signoff.needs_mechanism").InChinese().ShouldBe("长期坚持的整改事项申请销号前，须填写已建立的长效机制。");

        item.RequestSignOff(_world.As(Office1Secretary), "坚持每月集中学习。", Now, "制定《支部理论学习制度》，每月第一周集中学习。");
        item.Status.ShouldBe(ItemStatus.AwaitingSignOff);
        item.LongTermMechanism.ShouldBe("制定《支部理论学习制度》，每月第一周集中学习。");
    }

    [Fact]
    public void Secretary_of_another_branch_cannot_request_sign_off()
    {
        var item = _world.InProgressItem();
        Action act = () => item.RequestSignOff(_world.As(WelfareSecretary), "已完成", Now);
        act.ShouldBeForbidden();
    }

    [Fact]
    public void Approving_sign_off_moves_item_to_SignedOff()
    {
        var item = _world.AwaitingSignOffItem();

        item.ApproveSignOff(_world.As(OfficeLeader), SignedOffAt);

        item.Status.ShouldBe(ItemStatus.SignedOff);
        item.SignedOffAt.ShouldBe(SignedOffAt);
        item.SignedOffBy.ShouldBe("liweidong");
        var decision = item.SignOffDecisions.ShouldHaveSingleItem();
        decision.Approved.ShouldBeTrue();
        decision.Summary.ShouldBe("已建立支部月学习制度，全年开展集中学习12次。");
        item.PendingAudit.ShouldHaveSingleItem().Action.ShouldBe("item.signoff_approved");
    }

    [Fact]
    public void The_responsible_leader_approves_even_when_not_assigned_to_the_branch()
    {
        var item = _world.AwaitingSignOffItem(_world.Details(leader: WelfareLeader.UserId));

        item.ApproveSignOff(_world.As(WelfareLeader), SignedOffAt);

        item.Status.ShouldBe(ItemStatus.SignedOff);
    }

    [Fact]
    public void The_top_leader_and_an_administrator_may_approve_any_item()
    {
        var first = _world.AwaitingSignOffItem();
        first.ApproveSignOff(_world.As(TopLeader), SignedOffAt);
        first.Status.ShouldBe(ItemStatus.SignedOff);

        var second = _world.AwaitingSignOffItem();
        second.ApproveSignOff(_world.As(Admin), SignedOffAt);
        second.Status.ShouldBe(ItemStatus.SignedOff);
    }

    [Fact]
    public void The_owner_cannot_approve_their_own_item()
    {
        var item = _world.AwaitingSignOffItem();
        Action act = () => item.ApproveSignOff(_world.As(Office1Secretary), SignedOffAt);
        act.ShouldBeForbidden().Code.ShouldBe("item.forbidden.decide");
        item.Status.ShouldBe(ItemStatus.AwaitingSignOff);
    }

    [Fact]
    public void A_leader_not_assigned_to_the_branch_cannot_approve()
    {
        var item = _world.AwaitingSignOffItem();
        Action act = () => item.ApproveSignOff(_world.As(WelfareLeader), SignedOffAt);
        act.ShouldBeForbidden();
    }

    [Fact]
    public void Approval_needs_a_pending_sign_off_request()
    {
        var item = _world.InProgressItem();
        Action act = () => item.ApproveSignOff(_world.As(OfficeLeader), Now);
        act.ShouldBeRefused("item.signoff.not_requested").InChinese().ShouldBe("该整改事项没有待审核的销号申请。");
    }

    [Fact]
    public void Sending_back_returns_item_to_InProgress_and_keeps_the_reason()
    {
        var item = _world.AwaitingSignOffItem();

        item.SendBack(_world.As(OfficeLeader), "佐证材料不全，请补充学习记录。", Now.AddDays(11));

        item.Status.ShouldBe(ItemStatus.InProgress);
        item.SignOffRequestedAt.ShouldBeNull();
        item.LastSendBackReason.ShouldBe("佐证材料不全，请补充学习记录。");
        var decision = item.SignOffDecisions.ShouldHaveSingleItem();
        decision.Approved.ShouldBeFalse();
        decision.Reason.ShouldBe("佐证材料不全，请补充学习记录。");
        decision.DecidedBy.ShouldBe("liweidong");
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.sent_back");
        record.Comment.ShouldBe("佐证材料不全，请补充学习记录。");
        record.Before.ShouldBe("""{"status":"AwaitingSignOff"}""");
        record.After.ShouldBe("""{"status":"InProgress","requestedBy":"chenjing","decidedBy":"liweidong"}""");
    }

    [Fact]
    public void Sending_back_needs_a_reason()
    {
        var item = _world.AwaitingSignOffItem();
        Action act = () => item.SendBack(_world.As(OfficeLeader), " ", Now);
        act.ShouldBeRefused("item.sendback.reason.required").InChinese().ShouldBe("退回原因不能为空。");
        item.Status.ShouldBe(ItemStatus.AwaitingSignOff);
    }

    [Fact]
    public void The_owner_cannot_send_back_their_own_request()
    {
        var item = _world.AwaitingSignOffItem();
        Action act = () => item.SendBack(_world.As(Office1Secretary), "撤回", Now);
        act.ShouldBeForbidden();
    }

    [Fact]
    public void After_send_back_the_owner_reports_again_and_a_second_request_can_be_approved()
    {
        var item = _world.AwaitingSignOffItem();
        item.SendBack(_world.As(OfficeLeader), "请补充材料。", Now.AddDays(11));
        item.AddProgress(_world.As(Office1Secretary), Today, "已补充学习记录。", 100, Today, Now.AddDays(12));
        item.RequestSignOff(_world.As(Office1Secretary), "已补充全部材料。", Now.AddDays(12));
        item.ApproveSignOff(_world.As(OfficeLeader), Now.AddDays(13));

        item.Status.ShouldBe(ItemStatus.SignedOff);
        item.LastSendBackReason.ShouldBeNull();
        item.SignOffDecisions.Select(d => d.Approved).ShouldBe([false, true]);
    }

    [Fact]
    public void Scheduler_closes_a_signed_off_item_after_the_notice_period()
    {
        var item = _world.SignedOffItem();
        item.IsDueForClosing(SignedOffAt.AddDays(3), 3).ShouldBeTrue();

        var closed = item.Close(Actor.System, SignedOffAt.AddDays(3), noticeDays: 3);

        closed.ShouldBeTrue();
        item.Status.ShouldBe(ItemStatus.Closed);
        item.ClosedAt.ShouldBe(SignedOffAt.AddDays(3));
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.closed");
        record.ActorId.ShouldBe("system");
        record.ActorName.ShouldBe("system", "a stable code stored as data; the UI shows it in the reader's language (decision 0053)");
    }

    [Fact]
    public void Without_a_notice_period_the_item_closes_right_away()
    {
        var item = _world.SignedOffItem();
        item.Close(Actor.System, SignedOffAt, noticeDays: 0).ShouldBeTrue();
    }

    [Fact]
    public void Closing_before_the_notice_period_has_passed_is_refused()
    {
        var item = _world.SignedOffItem();
        item.IsDueForClosing(SignedOffAt.AddDays(3).AddMinutes(-1), 3).ShouldBeFalse();

        Action act = () => item.Close(Actor.System, SignedOffAt.AddDays(3).AddMinutes(-1), 3);

        act.ShouldBeRefused("item.close.notice_period").InChinese().ShouldBe("公示期（3天）未满，暂不能销号。");
        item.Status.ShouldBe(ItemStatus.SignedOff);
    }

    [Fact]
    public void Closing_twice_does_nothing_the_second_time()
    {
        var item = _world.ClosedItem();
        var version = item.Version;

        item.Close(Actor.System, SignedOffAt.AddDays(10), 3).ShouldBeFalse();

        item.Version.ShouldBe(version);
        item.ClosedAt.ShouldBe(SignedOffAt.AddDays(3));
        item.PendingAudit.ShouldBeEmpty();
    }

    [Fact]
    public void Only_a_signed_off_item_can_be_closed()
    {
        var item = _world.AwaitingSignOffItem();
        Action act = () => item.Close(Actor.System, Now.AddDays(30), 0);
        act.ShouldBeRefused("item.close.not_signed_off");
    }

    [Fact]
    public void Only_the_scheduler_closes_items()
    {
        var item = _world.SignedOffItem();
        Action act = () => item.Close(Admin, SignedOffAt.AddDays(5), 3);
        act.ShouldBeForbidden().Code.ShouldBe("item.forbidden.close");
    }

    [Fact]
    public void Administrator_reopens_a_closed_item_with_a_reason()
    {
        var item = _world.ClosedItem();

        item.Reopen(_world.As(Admin), "巡察复查发现问题反弹。", Now.AddDays(30));

        item.Status.ShouldBe(ItemStatus.InProgress);
        item.ClosedAt.ShouldBeNull();
        item.SignedOffAt.ShouldBeNull();
        item.SignedOffBy.ShouldBeNull();
        item.SignOffDecisions.Count.ShouldBe(1);
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.reopened");
        record.Comment.ShouldBe("巡察复查发现问题反弹。");
        record.Before.ShouldNotBeNull();
        record.Before.ShouldStartWith("""{"status":"Closed","signedOffAt":"2026-03-14T09:00:00+08:00","signedOffBy":"liweidong","closedAt":""");
        record.After.ShouldBe("""{"status":"InProgress","signedOffAt":null,"signedOffBy":null,"closedAt":null}""");
    }

    [Fact]
    public void Administrator_may_reopen_a_signed_off_item_before_it_closes()
    {
        var item = _world.SignedOffItem();
        item.Reopen(_world.As(Admin), "审核有误。", Now.AddDays(13));
        item.Status.ShouldBe(ItemStatus.InProgress);
    }

    [Fact]
    public void Only_an_administrator_reopens()
    {
        var item = _world.ClosedItem();
        Action byTopLeader = () => item.Reopen(_world.As(TopLeader), "问题反弹", Now);
        byTopLeader.ShouldBeForbidden().Code.ShouldBe("item.forbidden.reopen");
        item.Status.ShouldBe(ItemStatus.Closed);
    }

    [Fact]
    public void Reopening_needs_a_reason_and_a_finished_item()
    {
        var closed = _world.ClosedItem();
        Action noReason = () => closed.Reopen(_world.As(Admin), "", Now);
        noReason.ShouldBeRefused("item.reopen.reason.required");

        var inProgress = _world.InProgressItem();
        Action notClosed = () => inProgress.Reopen(_world.As(Admin), "理由", Now);
        notClosed.ShouldBeRefused("item.reopen.not_closed");
    }

    [Fact]
    public void Every_step_of_the_life_increments_the_version_once()
    {
        var item = _world.NewItem();
        var versions = new List<int> { item.Version };

        item.AddProgress(_world.As(Office1Secretary), Today, "进展", null, Today, Now);
        versions.Add(item.Version);
        item.RequestSignOff(_world.As(Office1Secretary), "完成", Now);
        versions.Add(item.Version);
        item.ApproveSignOff(_world.As(OfficeLeader), Now);
        versions.Add(item.Version);
        item.Close(Actor.System, Now, 0);
        versions.Add(item.Version);
        item.Reopen(_world.As(Admin), "复查", Now);
        versions.Add(item.Version);

        versions.ShouldBe([1, 2, 3, 4, 5, 6]);
        item.PendingAudit.Select(a => a.Action).ShouldBe(
            ["item.progress_added", "item.signoff_requested", "item.signoff_approved", "item.closed", "item.reopened"]);
    }

    [Fact]
    public void A_refused_operation_leaves_version_and_audit_untouched()
    {
        var item = _world.AwaitingSignOffItem();

        Should.Throw<Rectify.Domain.DomainException>(() => item.SendBack(_world.As(OfficeLeader), "", Now));
        Should.Throw<Rectify.Domain.DomainForbiddenException>(() => item.ApproveSignOff(_world.As(WelfareSecretary), Now));

        item.Version.ShouldBe(3);
        item.PendingAudit.ShouldBeEmpty();
    }
}
