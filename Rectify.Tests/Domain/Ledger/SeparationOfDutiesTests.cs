using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>整改一件销号一件: someone other than the person who did the work confirms it (issue 20 §2).</summary>
public class SeparationOfDutiesTests
{
    private readonly LedgerWorld _world = new();

    [Fact]
    public void An_administrator_who_reported_asked_and_approved_alone_is_refused()
    {
        var item = _world.NewItem();
        item.AddProgress(_world.As(Admin), Today, "管理员代为填报进展。", 100, Today, Now);
        item.RequestSignOff(_world.As(Admin), "已整改完成。", Now);

        Action act = () => item.ApproveSignOff(_world.As(Admin), Now.AddHours(1));

        act.ShouldBeForbiddenWith("item.forbidden.own_request");
        item.Status.ShouldBe(ItemStatus.AwaitingSignOff);
        item.SignOffDecisions.ShouldBeEmpty();
    }

    [Fact]
    public void Whoever_asked_for_sign_off_cannot_send_it_back_either()
    {
        // A leader who is also the branch's secretary (roles combine) asked; they may not decide their own request.
        var both = Office1Secretary with { IsLeader = true, AssignedOrganizationIds = new HashSet<int> { 3 } };
        var item = _world.InProgressItem(_world.Details(owner: Office1Member.UserId));
        item.RequestSignOff(_world.As(both), "已整改完成。", Now);

        Action act = () => item.SendBack(_world.As(both), "再补充材料。", Now);

        act.ShouldBeForbiddenWith("item.forbidden.own_request");
        item.Status.ShouldBe(ItemStatus.AwaitingSignOff);
    }

    [Fact]
    public void A_leader_who_reported_progress_since_the_item_was_sent_back_cannot_decide_it()
    {
        var item = _world.InProgressItem();
        // The responsible leader writes a progress report (as an administrator may) in this round of work.
        var adminLeader = OfficeLeader with { IsAdministrator = true };
        item.AddProgress(_world.As(adminLeader), Today, "领导督导学习情况。", 60, Today, Now);
        item.RequestSignOff(_world.As(Office1Secretary), "已整改完成。", Now.AddHours(1));

        Action act = () => item.ApproveSignOff(_world.As(adminLeader), Now.AddHours(2));

        act.ShouldBeForbiddenWith("item.forbidden.own_work");
        item.ApproveSignOff(_world.As(TopLeader), Now.AddHours(2));
        item.Status.ShouldBe(ItemStatus.SignedOff);
    }

    [Fact]
    public void Progress_before_the_last_send_back_does_not_bar_a_decider()
    {
        var adminLeader = OfficeLeader with { IsAdministrator = true };
        var item = _world.NewItem();
        item.AddProgress(_world.As(adminLeader), Today, "领导督导学习情况。", 60, Today, Now);
        item.RequestSignOff(_world.As(Office1Secretary), "已整改完成。", Now.AddHours(1));
        item.SendBack(_world.As(TopLeader), "请补充学习记录。", Now.AddHours(2));
        item.AddProgress(_world.As(Office1Secretary), Today, "补充了学习记录。", 100, Today, Now.AddHours(3));
        item.RequestSignOff(_world.As(Office1Secretary), "已补充材料。", Now.AddHours(4));

        item.ApproveSignOff(_world.As(adminLeader), Now.AddHours(5));

        item.Status.ShouldBe(ItemStatus.SignedOff);
    }

    [Fact]
    public void Progress_after_a_reopening_bars_its_author_from_the_next_decision()
    {
        var item = _world.ClosedItem();
        item.Reopen(_world.As(Admin), "巡察发现问题反弹。", SignedOffAt.AddDays(5));
        var adminLeader = TopLeader with { IsAdministrator = true };
        item.AddProgress(_world.As(adminLeader), Today, "重新组织整改。", 50, Today, SignedOffAt.AddDays(6));
        item.RequestSignOff(_world.As(Office1Secretary), "再次整改完成。", SignedOffAt.AddDays(7));

        Action act = () => item.ApproveSignOff(_world.As(adminLeader), SignedOffAt.AddDays(8));

        act.ShouldBeForbiddenWith("item.forbidden.own_work");
        item.ApproveSignOff(_world.As(OfficeLeader), SignedOffAt.AddDays(8));
        item.Status.ShouldBe(ItemStatus.SignedOff);
    }

    [Fact]
    public void The_owner_never_decides_the_sign_off_of_their_own_item()
    {
        var ownerLeader = WelfareLeader with { AssignedOrganizationIds = new HashSet<int> { 3 } };
        var item = _world.NewItem(_world.Details(owner: ownerLeader.UserId));
        item.AddProgress(_world.As(Office1Secretary), Today, "支部书记填报进展。", 100, Today, Now);
        item.RequestSignOff(_world.As(Office1Secretary), "已整改完成。", Now);

        Action act = () => item.ApproveSignOff(_world.As(ownerLeader), Now);

        act.ShouldBeForbiddenWith("item.forbidden.own_item");
    }

    [Fact]
    public void Whoever_asked_for_an_extension_cannot_decide_it()
    {
        var adminLeader = OfficeLeader with { IsAdministrator = true };
        var item = _world.InProgressItem();
        var request = item.RequestExtension(_world.As(adminLeader), Today.AddDays(60), "需要更多时间。", Today, Now);

        Action act = () => item.DecideExtension(_world.As(adminLeader), request.Id, true, null, Now);

        act.ShouldBeForbiddenWith("item.forbidden.own_request");
        request.State.ShouldBe(ExtensionState.Pending);
        item.DecideExtension(_world.As(TopLeader), request.Id, true, null, Now);
        request.DecidedBy.ShouldBe(TopLeader.UserId);
    }

    [Fact]
    public void Whoever_reported_progress_in_this_round_cannot_decide_an_extension()
    {
        var adminLeader = OfficeLeader with { IsAdministrator = true };
        var item = _world.NewItem();
        item.AddProgress(_world.As(adminLeader), Today, "领导代为填报。", 20, Today, Now);
        var request = item.RequestExtension(_world.As(Office1Secretary), Today.AddDays(60), "需要更多时间。", Today, Now);

        Action act = () => item.DecideExtension(_world.As(adminLeader), request.Id, false, "不同意", Now);

        act.ShouldBeForbiddenWith("item.forbidden.own_work");
    }

    [Fact]
    public void The_guards_answer_without_changing_anything_so_the_UI_can_ask()
    {
        var item = _world.AwaitingSignOffItem();
        var tree = _world.Tree;

        ItemAccess.CheckDecideSignOff(OfficeLeader, item, tree).ShouldBeNull();
        ItemAccess.CheckDecideSignOff(Office1Secretary, item, tree).ShouldBe("item.forbidden.decide");
        ItemAccess.CheckDecideSignOff(Office1Secretary with { IsAdministrator = true }, item, tree).ShouldBe("item.forbidden.own_item");
        ItemAccess.CheckDecideSignOff(GeneralBranchSecretary with { IsAdministrator = true }, item, tree).ShouldBeNull();
        ItemAccess.CheckDecideSignOff(WelfareLeader, item, tree).ShouldBe("item.forbidden.decide");
        ItemAccess.CheckDecideSignOff(Office2Secretary, item, tree).ShouldBe("item.forbidden.decide");
        item.Version.ShouldBe(3);
    }

    [Fact]
    public void Owner_and_responsible_leader_must_be_different_people()
    {
        Action create = () => _world.NewItem(_world.Details(owner: OfficeLeader.UserId, leader: OfficeLeader.UserId));
        create.ShouldBeRefused("item.leader.same_as_owner").InChinese().ShouldBe("责任人与责任领导不能是同一人。");

        var item = _world.NewItem();
        Action edit = () => item.UpdateDetails(_world.As(Admin), _world.Details(leader: Office1Secretary.UserId), Today, Now);
        edit.ShouldBeRefused("item.leader.same_as_owner");
        item.LeaderId.ShouldBe(OfficeLeader.UserId);
    }

    [Fact]
    public void A_decision_records_who_asked_and_who_decided_and_its_audit_names_both()
    {
        var item = _world.AwaitingSignOffItem();
        item.SignOffRequestedBy.ShouldBe(Office1Secretary.UserId);

        item.ApproveSignOff(_world.As(OfficeLeader), SignedOffAt);

        var decision = item.SignOffDecisions.ShouldHaveSingleItem();
        decision.RequestedBy.ShouldBe(Office1Secretary.UserId);
        decision.DecidedBy.ShouldBe(OfficeLeader.UserId);
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.ActorId.ShouldBe(OfficeLeader.UserId);
        record.After!.ShouldContain($"\"requestedBy\":\"{Office1Secretary.UserId}\"");
        record.After!.ShouldContain($"\"decidedBy\":\"{OfficeLeader.UserId}\"");
    }
}
