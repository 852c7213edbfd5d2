using Rectify.Domain;
using Rectify.Domain.Organizations;
using Rectify.Tests.Domain.TestSupport;

namespace Rectify.Tests.Domain.Ledger;

public class OrganizationTests
{
    private readonly LedgerWorld _world = new();

    [Fact]
    public void Creating_a_branch_under_a_general_branch_records_parent_and_is_active()
    {
        var branch = Organization.Create("  机关第三党支部 ", OrganizationLevel.Branch, _world.GeneralBranch, id: 7);

        branch.Name.ShouldBe("机关第三党支部");
        branch.ParentId.ShouldBe(_world.GeneralBranch.Id);
        branch.IsActive.ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Organization_name_is_required(string name)
    {
        Action act = () => Organization.Create(name, OrganizationLevel.Branch, _world.Committee);
        act.ShouldBeRefused("organization.name.required").InChinese().ShouldBe("党组织名称不能为空。");
    }

    [Fact]
    public void Organization_name_may_not_exceed_100_characters()
    {
        Action act = () => _world.Office1.Rename(new string('党', 101));
        act.ShouldBeRefused("organization.name.too_long");
        _world.Office1.Name.ShouldBe("机关第一党支部");
    }

    [Fact]
    public void A_branch_cannot_be_the_parent_of_a_general_branch()
    {
        Action act = () => Organization.Create("新党总支", OrganizationLevel.GeneralBranch, _world.Office1);
        act.ShouldBeRefused("organization.parent.level");
    }

    [Fact]
    public void Moving_a_branch_to_another_parent_changes_its_scope()
    {
        _world.Welfare.MoveTo(_world.GeneralBranch, _world.Tree);

        _world.Welfare.ParentId.ShouldBe(_world.GeneralBranch.Id);
        new OrganizationTree(_world.Tree.All).DescendantsOf(_world.GeneralBranch.Id).ShouldContain(_world.Welfare.Id);
    }

    [Fact]
    public void An_organization_cannot_be_moved_under_its_own_descendant()
    {
        var subCommittee = Organization.Create("下属党委", OrganizationLevel.PartyCommittee, id: 8);
        var child = Organization.Create("下属党委机关党总支", OrganizationLevel.GeneralBranch, subCommittee, id: 9);
        var tree = new OrganizationTree([subCommittee, child]);

        Action act = () => subCommittee.MoveTo(subCommittee, tree);
        act.ShouldBeRefused("organization.parent.cycle");
    }

    [Fact]
    public void Descendants_of_the_committee_are_every_other_organization()
    {
        _world.Tree.DescendantsOf(_world.Committee.Id).ShouldBe([2, 3, 4, 5, 6], ignoreOrder: true);
    }

    [Fact]
    public void Descendants_of_a_general_branch_are_its_branches_only()
    {
        _world.Tree.DescendantsOf(_world.GeneralBranch.Id).ShouldBe([3, 4], ignoreOrder: true);
        _world.Tree.SelfAndDescendantsOf(_world.GeneralBranch.Id).ShouldBe([2, 3, 4], ignoreOrder: true);
        _world.Tree.DescendantsOf(_world.Office1.Id).ShouldBeEmpty();
    }

    [Fact]
    public void A_branch_lies_within_its_general_branch_and_the_committee_but_not_a_sibling()
    {
        _world.Tree.IsSameOrDescendant(_world.Office2.Id, _world.GeneralBranch.Id).ShouldBeTrue();
        _world.Tree.IsSameOrDescendant(_world.Office2.Id, _world.Committee.Id).ShouldBeTrue();
        _world.Tree.IsSameOrDescendant(_world.Office2.Id, _world.Office1.Id).ShouldBeFalse();
        _world.Tree.IsSameOrDescendant(_world.GeneralBranch.Id, _world.Office2.Id).ShouldBeFalse();
    }

    [Fact]
    public void Deactivated_organizations_keep_their_place_in_the_tree()
    {
        _world.Retired.Deactivate();

        _world.Retired.IsActive.ShouldBeFalse();
        _world.Tree.DescendantsOf(_world.Committee.Id).ShouldContain(_world.Retired.Id);
    }
}
