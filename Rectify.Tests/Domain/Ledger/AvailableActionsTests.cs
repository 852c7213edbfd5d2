using Rectify.Domain;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>
/// <see cref="RectificationItem.AvailableActions"/> says yes exactly when the action itself, given valid input, succeeds:
/// for every state an item can be in and every kind of person who can see it.
/// </summary>
public sealed class AvailableActionsTests
{
    public static TheoryData<string, string> StatesAndRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in States.Keys)
        {
            foreach (var role in Roles.Keys)
            {
                data.Add(state, role);
            }
        }

        return data;
    }

    /// <summary>Item states, each built fresh with one measure owned by 吴芳 (the measure owner): the keys name them in test output.</summary>
    public static readonly IReadOnlyDictionary<string, Func<LedgerWorld, RectificationItem>> States = new Dictionary<string, Func<LedgerWorld, RectificationItem>>
    {
        ["open"] = w => Item(w, 0),
        ["in-progress"] = w => Item(w, 1),
        ["extension-pending"] = w =>
        {
            var item = Item(w, 1);
            item.RequestExtension(w.As(Office1Secretary), item.Deadline!.Value.AddDays(30), "等待上级统一部署。", Today, Now);
            return item;
        },
        ["long-term"] = w => Item(w, 1, w.Details(DeadlineType.LongTerm)),
        ["awaiting-sign-off"] = w => Item(w, 2),
        ["signed-off"] = w => Item(w, 3),
        ["closed"] = w => Item(w, 4),
    };

    public static readonly IReadOnlyDictionary<string, Actor> Roles = new Dictionary<string, Actor>
    {
        ["administrator"] = Admin,
        ["top-leader"] = TopLeader,
        ["assigned-leader"] = OfficeLeader,
        ["other-leader"] = WelfareLeader,
        ["owner-secretary"] = Office1Secretary,
        ["other-secretary"] = Office2Secretary,
        ["measure-owner"] = Office1Member,
    };

    [Theory]
    [MemberData(nameof(StatesAndRoles))]
    public void An_action_is_offered_exactly_when_doing_it_succeeds(string state, string role)
    {
        foreach (var action in Enum.GetValues<ItemAction>())
        {
            var world = new LedgerWorld();
            var item = States[state](world);
            var access = world.As(Roles[role]);
            var offered = item.AvailableActions(access).Contains(action);
            item.Can(action, access).ShouldBe(offered);

            var succeeded = Succeeds(() => Do(action, item, access));

            offered.ShouldBe(succeeded, $"{action} for {role} on a {state} item");
        }
    }

    [Theory]
    [MemberData(nameof(StatesAndRoles))]
    public void Ticking_a_measure_is_offered_exactly_when_it_succeeds(string state, string role)
    {
        var world = new LedgerWorld();
        var item = States[state](world);
        var access = world.As(Roles[role]);
        var measure = item.Measures.Single();

        var offered = item.CanSetMeasureDone(access, measure);

        Succeeds(() => item.SetMeasureDone(access, measure.Id, true, Now)).ShouldBe(offered);
    }

    [Fact]
    public void The_owner_secretary_of_an_item_in_progress_may_work_on_it_but_not_decide()
    {
        var world = new LedgerWorld();
        var item = world.InProgressItem();

        item.AvailableActions(world.As(Office1Secretary)).ShouldBe(
            [ItemAction.EditMeasures, ItemAction.AddProgress, ItemAction.AttachEvidence, ItemAction.RequestSignOff, ItemAction.RequestExtension],
            ignoreOrder: true);
        item.AvailableActions(world.As(OfficeLeader)).ShouldBeEmpty();
    }

    /// <summary>An item taken <paramref name="steps"/> steps along its life: progress, sign-off asked, approved, closed.</summary>
    private static RectificationItem Item(LedgerWorld world, int steps, ItemDetails? details = null)
    {
        var item = world.NewItem(details);
        var secretary = world.As(Office1Secretary);
        item.AddMeasure(world.As(Admin), "每月开展集中学习不少于1次", Office1Member.UserId, Today.AddDays(20), Now);
        if (steps >= 1)
        {
            item.AddProgress(secretary, Today, "组织支部党员集中学习3次。", 30, Today, Now);
        }

        if (steps >= 2)
        {
            item.RequestSignOff(secretary, "已建立支部月学习制度。", Now.AddHours(1), "每月第一周集中学习。");
        }

        if (steps >= 3)
        {
            item.ApproveSignOff(world.As(OfficeLeader), SignedOffAt);
        }

        if (steps >= 4)
        {
            item.Close(Actor.System, SignedOffAt.AddDays(3), 3);
        }

        item.ClearPendingAudit();
        return item;
    }

    private static void Do(ItemAction action, RectificationItem item, AccessContext access)
    {
        switch (action)
        {
            case ItemAction.EditMeasures:
                item.AddMeasure(access, "召开专题组织生活会", null, Today.AddDays(10), Now);
                break;
            case ItemAction.AddProgress:
                item.AddProgress(access, Today, "开展专题学习1次。", 50, Today, Now);
                break;
            case ItemAction.AttachEvidence:
                item.AttachEvidence(access, "会议记录.pdf", "application/pdf", 1024, "2026/0123456789abcdef0123456789abcdef", Now);
                break;
            case ItemAction.RequestSignOff:
                item.RequestSignOff(access, "已完成整改。", Now, "建立月学习制度。");
                break;
            case ItemAction.DecideSignOff:
                item.ApproveSignOff(access, Now);
                break;
            case ItemAction.RequestExtension:
                item.RequestExtension(access, (item.Deadline ?? Today).AddDays(60), "等待上级部署。", Today, Now);
                break;
            case ItemAction.DecideExtension:
                item.DecideExtension(access, item.PendingExtension?.Id ?? Guid.NewGuid(), true, null, Now);
                break;
            case ItemAction.Reopen:
                item.Reopen(access, "群众反映问题仍然存在。", Now);
                break;
            case ItemAction.EditDetails:
                var d = item;
                item.UpdateDetails(access, new ItemDetails("问题描述已更新。", d.Category, d.ResponsibleOrganizationId, d.OwnerId, d.LeaderId,
                    d.DeadlineType, d.Deadline, d.Period, d.Remarks), Today, Now);
                break;
            case ItemAction.MarkRecurrence:
                item.MarkRecurrence(access, null, null, Now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    private static bool Succeeds(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }
}
