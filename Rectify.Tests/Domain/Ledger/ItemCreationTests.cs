using Rectify.Domain.Access;
using Rectify.Domain.Auditing;
using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

public class ItemCreationTests
{
    private readonly LedgerWorld _world = new();

    [Fact]
    public void Problem_list_prefix_is_the_year_and_the_Chinese_source_name()
    {
        _world.List.NumberPrefix.ShouldBe("2026-民主生活会");
        _world.List.PendingAudit.ShouldHaveSingleItem().Action.ShouldBe(AuditActions.ProblemListCreated);
    }

    [Fact]
    public void Only_an_administrator_creates_a_problem_list()
    {
        Action act = () => ProblemList.Create(_world.As(TopLeader), "述职评议问题清单", ProblemSource.ReviewSuperior,
            Today, _world.Committee.Id, Now);
        Should.Throw<Rectify.Domain.DomainForbiddenException>(act).InChinese().ShouldBe("您无权管理问题清单。");
    }

    [Fact]
    public void Problem_list_title_is_required()
    {
        Action act = () => ProblemList.Create(_world.As(Admin), " ", ProblemSource.Audit, Today, _world.Committee.Id, Now);
        act.ShouldBeRefused("problem_list.title.required").InChinese().ShouldBe("问题清单标题不能为空。");
    }

    [Fact]
    public void Retitling_a_problem_list_audits_the_old_and_new_title()
    {
        _world.List.ClearPendingAudit();

        _world.List.Retitle(_world.As(Admin), "2026年度党组民主生活会问题清单（修订）", Now);

        _world.List.Title.ShouldBe("2026年度党组民主生活会问题清单（修订）");
        var record = _world.List.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("problem_list.updated");
        record.Before.ShouldBe("""{"title":"2026年度党组民主生活会查摆问题清单"}""");
    }

    [Fact]
    public void Creating_an_item_numbers_it_under_the_list_and_opens_it()
    {
        var item = RectificationItem.Create(_world.As(Admin), _world.List, 3, _world.Details(), Today, Now);

        item.Number.ShouldBe("2026-民主生活会-003");
        item.ProblemListId.ShouldBe(_world.List.Id);
        item.Status.ShouldBe(ItemStatus.Open);
        item.Deadline.ShouldBe(Today.AddDays(30));
        item.OwnerId.ShouldBe(Office1Secretary.UserId);
        item.CreatedBy.ShouldBe(Admin.UserId);
        item.CreatedAt.ShouldBe(Now);
        item.CreatedOn.ShouldBe(Today);
        item.Version.ShouldBe(1);
    }

    [Fact]
    public void Creating_an_item_records_all_details_in_the_audit()
    {
        var item = RectificationItem.Create(_world.As(Admin), _world.List, 1, _world.Details(), Today, Now);

        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.created");
        record.EntityType.ShouldBe("RectificationItem");
        record.EntityId.ShouldBe(item.Id.ToString());
        record.ActorName.ShouldBe("王敏");
        record.Before.ShouldBeNull();
        record.After.ShouldNotBeNull();
        record.After.ShouldContain("\"number\":\"2026-民主生活会-001\"");
        record.After.ShouldContain("\"description\":\"理论学习不够深入系统，学用结合不紧密。\"");
        record.After.ShouldContain("\"deadline\":\"2026-04-01\"");
        record.After.ShouldContain("\"deadlineType\":\"ByDate\"");

        item.ClearPendingAudit();
        item.PendingAudit.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(NonAdministrators))]
    public void Only_an_administrator_creates_items(string who)
    {
        var actor = Actors[who];
        Action act = () => RectificationItem.Create(_world.As(actor), _world.List, 1, _world.Details(), Today, Now);
        act.ShouldBeForbidden().Code.ShouldBe("item.forbidden.create");
    }

    public static TheoryData<string> NonAdministrators => ["top leader", "leader", "secretary"];

    private static readonly Dictionary<string, Actor> Actors = new()
    {
        ["top leader"] = TopLeader,
        ["leader"] = OfficeLeader,
        ["secretary"] = Office1Secretary,
    };

    [Fact]
    public void Description_is_required_and_limited_to_2000_characters()
    {
        Action empty = () => _world.NewItem(_world.Details(description: "  "));
        empty.ShouldBeRefused("item.description.required").InChinese().ShouldBe("问题描述不能为空。");

        Action tooLong = () => _world.NewItem(_world.Details(description: new string('问', 2001)));
        tooLong.ShouldBeRefused("item.description.too_long").InChinese().ShouldBe("问题描述不能超过2000个字。");
    }

    [Fact]
    public void Category_may_be_free_text_but_not_longer_than_50_characters()
    {
        _world.NewItem(_world.Details(category: "制度建设")).Category.ShouldBe("制度建设");

        Action act = () => _world.NewItem(_world.Details(category: new string('类', 51)));
        act.ShouldBeRefused("item.category.too_long");
    }

    [Fact]
    public void Deadline_may_not_be_before_the_creation_day()
    {
        Action act = () => _world.NewItem(_world.Details(deadline: Today.AddDays(-1)));
        act.ShouldBeRefused("item.deadline.in_past").InChinese().ShouldBe("整改时限不能早于今天。");

        _world.NewItem(_world.Details(DeadlineType.Immediate, deadline: Today)).Deadline.ShouldBe(Today);
    }

    [Fact]
    public void A_dated_item_needs_a_deadline_and_no_reporting_period()
    {
        Action noDeadline = () => _world.NewItem(_world.Details() with { Deadline = null });
        noDeadline.ShouldBeRefused("item.deadline.required");

        Action withPeriod = () => _world.NewItem(_world.Details(period: ReportingPeriod.Monthly));
        withPeriod.ShouldBeRefused("item.period.only_for_long_term");
    }

    [Fact]
    public void A_long_term_item_has_a_reporting_period_and_no_deadline()
    {
        var item = _world.LongTermItem(ReportingPeriod.Quarterly);
        item.Deadline.ShouldBeNull();
        item.Period.ShouldBe(ReportingPeriod.Quarterly);

        Action withDeadline = () => _world.NewItem(_world.Details(DeadlineType.LongTerm, deadline: Today.AddDays(30)));
        withDeadline.ShouldBeRefused("item.deadline.not_for_long_term");

        Action noPeriod = () => _world.NewItem(_world.Details(DeadlineType.LongTerm) with { Period = null });
        noPeriod.ShouldBeRefused("item.period.required");
    }

    [Fact]
    public void Items_go_only_to_known_active_organizations()
    {
        Action unknown = () => _world.NewItem(_world.Details(organization: 99));
        unknown.ShouldBeRefused("item.organization.unknown");

        _world.Retired.Deactivate();
        Action inactive = () => _world.NewItem(_world.Details(organization: _world.Retired.Id));
        inactive.ShouldBeRefused("item.organization.inactive");
    }

    [Fact]
    public void Owner_and_leader_are_required()
    {
        Action noOwner = () => _world.NewItem(_world.Details(owner: " "));
        noOwner.ShouldBeRefused("item.owner.required").InChinese().ShouldBe("责任人不能为空。");

        Action noLeader = () => _world.NewItem(_world.Details(leader: ""));
        noLeader.ShouldBeRefused("item.leader.required");
    }

    [Fact]
    public void Remarks_are_optional_and_limited_to_500_characters()
    {
        _world.NewItem(_world.Details(remarks: "  ")).Remarks.ShouldBeNull();

        Action act = () => _world.NewItem(_world.Details(remarks: new string('备', 501)));
        act.ShouldBeRefused("item.remarks.too_long");
    }

    [Fact]
    public void Administrator_updates_details_and_audit_keeps_only_changed_fields_before_and_after()
    {
        var item = _world.NewItem();

        item.UpdateDetails(_world.As(Admin),
            _world.Details(owner: Office2Secretary.UserId, organization: _world.Office2.Id, deadline: Today.AddDays(60)), Today, Now);

        item.OwnerId.ShouldBe("sunli");
        item.ResponsibleOrganizationId.ShouldBe(_world.Office2.Id);
        item.Deadline.ShouldBe(Today.AddDays(60));
        item.Version.ShouldBe(2);
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.updated");
        record.Before.ShouldBe("""{"responsibleOrganizationId":3,"ownerId":"chenjing","deadline":"2026-04-01"}""");
        record.After.ShouldBe("""{"responsibleOrganizationId":4,"ownerId":"sunli","deadline":"2026-05-01"}""");
    }

    [Fact]
    public void Updating_with_unchanged_details_changes_nothing()
    {
        var item = _world.NewItem();

        item.UpdateDetails(_world.As(Admin), _world.Details(), Today, Now);

        item.Version.ShouldBe(1);
        item.PendingAudit.ShouldBeEmpty();
    }

    [Fact]
    public void Only_an_administrator_edits_details_directly()
    {
        var item = _world.NewItem();

        Action act = () => item.UpdateDetails(_world.As(OfficeLeader), _world.Details(deadline: Today.AddDays(90)), Today, Now);

        act.ShouldBeForbidden().Code.ShouldBe("item.forbidden.edit");
        item.Deadline.ShouldBe(Today.AddDays(30));
    }

    [Fact]
    public void A_closed_item_cannot_be_edited()
    {
        var item = _world.ClosedItem();

        Action act = () => item.UpdateDetails(_world.As(Admin), _world.Details(description: "新的描述"), Today, Now);

        act.ShouldBeRefused("item.locked.closed").InChinese().ShouldBe("该整改事项已销号，不能再修改；如确需修改，请联系管理员重新打开。");
    }
}
