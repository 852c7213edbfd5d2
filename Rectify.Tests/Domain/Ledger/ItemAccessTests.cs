using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>Who sees and does what, for an item of 机关第一党支部 owned by its secretary, responsible leader 李卫东 (包抓 机关党总支).</summary>
public class ItemAccessTests
{
    private readonly LedgerWorld _world = new();
    private readonly RectificationItem _item;

    public ItemAccessTests() => _item = _world.NewItem();

    private bool CanRead(Actor actor) => ItemAccess.CanRead(actor, _item, _world.Tree);

    private bool CanDecide(Actor actor) => ItemAccess.CanDecide(actor, _item, _world.Tree);

    [Fact]
    public void Administrator_and_top_leader_see_every_item()
    {
        CanRead(Admin).ShouldBeTrue();
        CanRead(TopLeader).ShouldBeTrue();
        ItemAccess.ReadScope(TopLeader, _world.Tree).All.ShouldBeTrue();

        var welfareItem = _world.NewItem(_world.Details(organization: _world.Welfare.Id, owner: WelfareSecretary.UserId));
        ItemAccess.CanRead(TopLeader, welfareItem, _world.Tree).ShouldBeTrue();
    }

    [Fact]
    public void A_leader_assigned_to_the_general_branch_sees_items_of_its_branches()
    {
        var office2Item = _world.NewItem(_world.Details(organization: _world.Office2.Id, owner: Office2Secretary.UserId, leader: "someone"));

        ItemAccess.CanRead(OfficeLeader, office2Item, _world.Tree).ShouldBeTrue();
        ItemAccess.ReadScope(OfficeLeader, _world.Tree).OrganizationIds.ShouldBe([2, 3, 4], ignoreOrder: true);
    }

    [Fact]
    public void A_leader_does_not_see_items_of_branches_not_assigned_to_them()
    {
        CanRead(WelfareLeader).ShouldBeFalse();
    }

    [Fact]
    public void The_responsible_leader_sees_the_item_even_outside_their_assigned_branches()
    {
        var item = _world.NewItem(_world.Details(leader: WelfareLeader.UserId));

        ItemAccess.CanRead(WelfareLeader, item, _world.Tree).ShouldBeTrue();
        ItemAccess.CanDecide(WelfareLeader, item, _world.Tree).ShouldBeTrue();
    }

    [Fact]
    public void A_secretary_sees_the_items_of_their_own_branch_only()
    {
        CanRead(Office1Secretary).ShouldBeTrue();
        CanRead(Office2Secretary).ShouldBeFalse();
        CanRead(WelfareSecretary).ShouldBeFalse();
    }

    [Fact]
    public void A_general_branch_secretary_sees_the_items_of_its_branches()
    {
        CanRead(GeneralBranchSecretary).ShouldBeTrue();
        ItemAccess.CanWorkOn(GeneralBranchSecretary, _item).ShouldBeFalse();
    }

    [Fact]
    public void Owning_an_item_or_one_of_its_measures_lets_a_secretary_of_another_branch_see_it()
    {
        var owned = _world.NewItem(_world.Details(owner: WelfareSecretary.UserId));
        ItemAccess.CanRead(WelfareSecretary, owned, _world.Tree).ShouldBeTrue();

        CanRead(Office2Secretary).ShouldBeFalse();
        _item.AddMeasure(_world.As(Admin), "协助整理学习资料", Office2Secretary.UserId, null, Now);
        CanRead(Office2Secretary).ShouldBeTrue();
    }

    [Fact]
    public void The_owner_the_branch_secretary_and_an_administrator_work_on_an_item()
    {
        var item = _world.NewItem(_world.Details(owner: Office1Member.UserId));

        ItemAccess.CanWorkOn(Office1Member, item).ShouldBeTrue();
        ItemAccess.CanWorkOn(Office1Secretary, item).ShouldBeTrue();
        ItemAccess.CanWorkOn(Admin, item).ShouldBeTrue();
        ItemAccess.CanWorkOn(Office2Secretary, item).ShouldBeFalse();
        ItemAccess.CanWorkOn(OfficeLeader, item).ShouldBeFalse();
        ItemAccess.CanWorkOn(TopLeader, item).ShouldBeFalse();
    }

    [Fact]
    public void Leaders_of_the_branch_the_top_leader_and_an_administrator_decide()
    {
        CanDecide(OfficeLeader).ShouldBeTrue();
        CanDecide(TopLeader).ShouldBeTrue();
        CanDecide(Admin).ShouldBeTrue();
        CanDecide(WelfareLeader).ShouldBeFalse();
        CanDecide(Office1Secretary).ShouldBeFalse();
        CanDecide(Actor.System).ShouldBeFalse();
    }

    [Fact]
    public void Only_an_administrator_edits_or_reopens()
    {
        ItemAccess.CanEdit(Admin).ShouldBeTrue();
        ItemAccess.CanReopen(Admin).ShouldBeTrue();
        foreach (var actor in new[] { TopLeader, OfficeLeader, Office1Secretary, Actor.System })
        {
            ItemAccess.CanEdit(actor).ShouldBeFalse();
            ItemAccess.CanReopen(actor).ShouldBeFalse();
        }
    }

    [Fact]
    public void The_system_actor_is_the_scheduler_with_no_roles()
    {
        Actor.System.UserId.ShouldBe("system");
        Actor.System.DisplayName.ShouldBe("system");
        Actor.System.IsSystem.ShouldBeTrue();
        Admin.IsSystem.ShouldBeFalse();
        CanRead(Actor.System).ShouldBeFalse();
    }
}
