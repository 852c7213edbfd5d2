using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;

namespace Rectify.Tests.Domain.TestSupport;

/// <summary>
/// A realistic setup: 区民政局党组 with a 机关党总支 (two 党支部) and two further 党支部, its people,
/// and a 2026 民主生活会 problem list. One instance per test.
/// </summary>
public sealed class LedgerWorld
{
    public static readonly DateOnly Today = new(2026, 3, 2);
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private int _sequence;

    public LedgerWorld()
    {
        Committee = Organization.Create("区民政局党组", OrganizationLevel.PartyCommittee, id: 1);
        GeneralBranch = Organization.Create("机关党总支", OrganizationLevel.GeneralBranch, Committee, id: 2);
        Office1 = Organization.Create("机关第一党支部", OrganizationLevel.Branch, GeneralBranch, id: 3);
        Office2 = Organization.Create("机关第二党支部", OrganizationLevel.Branch, GeneralBranch, id: 4);
        Welfare = Organization.Create("社会福利院党支部", OrganizationLevel.Branch, Committee, id: 5);
        Retired = Organization.Create("离退休干部党支部", OrganizationLevel.Branch, Committee, id: 6);
        Tree = new OrganizationTree([Committee, GeneralBranch, Office1, Office2, Welfare, Retired]);

        List = ProblemList.Create(As(Admin), "2026年度党组民主生活会查摆问题清单", ProblemSource.DemocraticLifeMeeting,
            new DateOnly(2026, 1, 15), Committee.Id, Now.AddDays(-30));
    }

    public Organization Committee { get; }
    public Organization GeneralBranch { get; }
    public Organization Office1 { get; }
    public Organization Office2 { get; }
    public Organization Welfare { get; }
    public Organization Retired { get; }
    public OrganizationTree Tree { get; }
    public ProblemList List { get; }

    /// <summary>党建办 administrator.</summary>
    public static Actor Admin { get; } = Person("wangmin", "王敏", admin: true, organization: 1);

    /// <summary>党组书记.</summary>
    public static Actor TopLeader { get; } = Person("zhangjianguo", "张建国", leader: true, top: true, organization: 1);

    /// <summary>党组成员 assigned (包抓) to the 机关党总支 and so to both 机关 branches.</summary>
    public static Actor OfficeLeader { get; } = Person("liweidong", "李卫东", leader: true, organization: 1, assigned: [2]);

    /// <summary>党组成员 assigned to the 社会福利院党支部.</summary>
    public static Actor WelfareLeader { get; } = Person("zhaohong", "赵红", leader: true, organization: 1, assigned: [5]);

    /// <summary>机关第一党支部书记; owner of the default item.</summary>
    public static Actor Office1Secretary { get; } = Person("chenjing", "陈静", secretary: true, organization: 3);

    /// <summary>机关第二党支部书记.</summary>
    public static Actor Office2Secretary { get; } = Person("sunli", "孙丽", secretary: true, organization: 4);

    /// <summary>社会福利院党支部书记.</summary>
    public static Actor WelfareSecretary { get; } = Person("liuyang", "刘洋", secretary: true, organization: 5);

    /// <summary>机关党总支书记.</summary>
    public static Actor GeneralBranchSecretary { get; } = Person("zhoubin", "周斌", secretary: true, organization: 2);

    /// <summary>A 支部委员 of 机关第一党支部 with no role of their own.</summary>
    public static Actor Office1Member { get; } = Person("wufang", "吴芳", organization: 3);

    public AccessContext As(Actor actor) => new(actor, Tree);

    public ItemDetails Details(
        DeadlineType type = DeadlineType.ByDate,
        DateOnly? deadline = null,
        ReportingPeriod? period = null,
        int? organization = null,
        string? owner = null,
        string? leader = null,
        string description = "理论学习不够深入系统，学用结合不紧密。",
        string category = "理论学习",
        string? remarks = null) =>
        new(description, category, organization ?? Office1.Id, owner ?? Office1Secretary.UserId, leader ?? OfficeLeader.UserId,
            type, type == DeadlineType.LongTerm ? deadline : deadline ?? Today.AddDays(30),
            type == DeadlineType.LongTerm ? period ?? ReportingPeriod.Monthly : period, remarks);

    /// <summary>A fresh Open item created by the administrator today, its audit cleared.</summary>
    public RectificationItem NewItem(ItemDetails? details = null, DateOnly? today = null, DateTimeOffset? now = null)
    {
        var item = RectificationItem.Create(As(Admin), List, ++_sequence, details ?? Details(), today ?? Today, now ?? Now);
        item.ClearPendingAudit();
        return item;
    }

    public RectificationItem LongTermItem(ReportingPeriod period = ReportingPeriod.Monthly) =>
        NewItem(Details(DeadlineType.LongTerm, period: period));

    public RectificationItem InProgressItem(ItemDetails? details = null)
    {
        var item = NewItem(details);
        item.AddProgress(As(Office1Secretary), Today, "组织支部党员集中学习3次。", 30, Today, Now);
        item.ClearPendingAudit();
        return item;
    }

    public RectificationItem AwaitingSignOffItem(ItemDetails? details = null)
    {
        var item = InProgressItem(details);
        item.RequestSignOff(As(Office1Secretary), "已建立支部月学习制度，全年开展集中学习12次。", Now.AddDays(10));
        item.ClearPendingAudit();
        return item;
    }

    public RectificationItem SignedOffItem()
    {
        var item = AwaitingSignOffItem();
        item.ApproveSignOff(As(OfficeLeader), SignedOffAt);
        item.ClearPendingAudit();
        return item;
    }

    public RectificationItem ClosedItem()
    {
        var item = SignedOffItem();
        item.Close(Actor.System, SignedOffAt.AddDays(3), 3);
        item.ClearPendingAudit();
        return item;
    }

    public static DateTimeOffset SignedOffAt => Now.AddDays(12);

    private static Actor Person(
        string id, string name, bool admin = false, bool leader = false, bool top = false, bool secretary = false,
        int? organization = null, int[]? assigned = null) =>
        new(id, name, admin, leader, top, secretary, organization, new HashSet<int>(assigned ?? []));
}
