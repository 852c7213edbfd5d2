using Rectify.Web.Data.Configurations;

namespace Rectify.Web.Data;

/// <summary>
/// The demo organisation (区民政局党组 with four branches), the demo accounts listed in README.md, and a small ledger taken
/// from the kind of year-end reports the users write, with items in every state and every traffic-light colour.
/// </summary>
internal static class DemoData
{
    public static async Task SeedAsync(Seeder seeder, RectifyDbContext db, Ledger.LedgerClock clock, CancellationToken cancellationToken)
    {
        var committee = Organization.Create("区民政局党组", OrganizationLevel.PartyCommittee);
        db.Organizations.Add(committee);
        await db.SaveChangesAsync(cancellationToken);
        var office = Organization.Create("机关第一党支部", OrganizationLevel.Branch, committee);
        var affairs = Organization.Create("机关第二党支部", OrganizationLevel.Branch, committee);
        var welfare = Organization.Create("社会福利院党支部", OrganizationLevel.Branch, committee);
        var retired = Organization.Create("离退休干部党支部", OrganizationLevel.Branch, committee);
        db.Organizations.AddRange(office, affairs, welfare, retired);
        await db.SaveChangesAsync(cancellationToken);

        var admin = await seeder.CreateUserAsync("admin", "王芳", committee.Id, Seeder.DemoPassword, [Roles.Admin]);
        var leader = await seeder.CreateUserAsync("leader", "李建国", committee.Id, Seeder.DemoPassword, [Roles.Leader], isTopLeader: true);
        var leader2 = await seeder.CreateUserAsync("leader2", "张伟", committee.Id, Seeder.DemoPassword, [Roles.Leader]);
        var secretary = await seeder.CreateUserAsync("secretary", "赵敏", office.Id, Seeder.DemoPassword, [Roles.Secretary]);
        var secretary2 = await seeder.CreateUserAsync("secretary2", "刘洋", welfare.Id, Seeder.DemoPassword, [Roles.Secretary]);
        var secretary3 = await seeder.CreateUserAsync("secretary3", "陈静", affairs.Id, Seeder.DemoPassword, [Roles.Secretary]);
        // leader2 包抓 the two office branches; the welfare home's branch is the top leader's own.
        db.LeaderAssignments.AddRange(
            new LeaderAssignment { UserId = leader2.Id, OrganizationId = office.Id },
            new LeaderAssignment { UserId = leader2.Id, OrganizationId = affairs.Id });
        await db.SaveChangesAsync(cancellationToken);

        var now = clock.Now;
        var today = clock.Today;
        var tree = new OrganizationTree([committee, office, affairs, welfare, retired]);
        var asAdmin = new AccessContext(Actor(admin, administrator: true), tree);
        var asSecretary = new AccessContext(Actor(secretary, secretary: true), tree);
        var asSecretary2 = new AccessContext(Actor(secretary2, secretary: true), tree);
        var asLeader = new AccessContext(Actor(leader, leader: true, top: true), tree);

        var lifeMeeting = ProblemList.Create(asAdmin, "2026年度党组民主生活会查摆问题清单", ProblemSource.DemocraticLifeMeeting, today.AddDays(-60), committee.Id, now.AddDays(-60));
        var review = ProblemList.Create(asAdmin, "2026年度抓基层党建述职评议问题清单", ProblemSource.ReviewSuperior, today.AddDays(-30), committee.Id, now.AddDays(-30));
        db.ProblemLists.AddRange(lifeMeeting, review);

        var seq = 0;
        RectificationItem Item(ProblemList list, string description, string category, Organization org, AppUser owner, AppUser itemLeader, DeadlineType type, int? days, ReportingPeriod? period = null)
        {
            var details = new ItemDetails(description, category, org.Id, owner.Id, itemLeader.Id, type,
                type == DeadlineType.LongTerm ? null : today.AddDays(days ?? 30), period, null);
            var item = RectificationItem.Create(asAdmin, list, ++seq, details, today.AddDays(-45), now.AddDays(-45));
            db.Items.Add(item);
            return item;
        }

        var study = Item(lifeMeeting, "党员学习教育还需加强，理论学习存在“学用脱节”现象，学习形式单一。", "理论学习", office, secretary, leader2, DeadlineType.ByDate, 20);
        study.AddMeasure(asAdmin, "制定支部年度学习计划，每月开展集中学习不少于1次", secretary.Id, today.AddDays(10), now);
        study.AddMeasure(asAdmin, "开展“学习强国”积分比学活动", secretary.Id, today.AddDays(20), now);
        study.AddProgress(asSecretary, today.AddDays(-10), "已制定支部年度学习计划，组织集中学习2次。", 40, today, now.AddDays(-10));

        var carrier = Item(lifeMeeting, "党建载体缺乏创新，党建与业务融合不够紧密。", "创新载体", office, secretary, leader2, DeadlineType.ByDate, 3);
        carrier.AddProgress(asSecretary, today.AddDays(-5), "已征集支部特色品牌方案3个。", 60, today, now.AddDays(-5));

        var life = Item(lifeMeeting, "组织生活制度落实不严，组织生活内容单调、形式单一。", "组织生活", office, secretary, leader2, DeadlineType.ByDate, 5);
        life.AddProgress(asSecretary, today.AddDays(-3), "已按要求召开组织生活会并开展谈心谈话12人次。", 100, today, now.AddDays(-3));
        life.RequestSignOff(asSecretary, "组织生活会已规范召开，谈心谈话全覆盖，会议记录已归档。", now.AddDays(-2));

        var style = Item(lifeMeeting, "作风建设仍有差距，深入基层调研不够。", "作风建设", welfare, secretary2, leader, DeadlineType.ByDate, 30);
        style.AddProgress(asSecretary2, today.AddDays(-40), "制定调研计划，确定调研课题2项。", 20, today.AddDays(-40), now.AddDays(-40));
        _ = style;
        // Overdue: the deadline passed without sign-off (created with a past-safe deadline, then moved by an approved extension history).
        var late = Item(review, "党建责任落实还不够严，对支部党建工作督促检查不够。", "责任落实", welfare, secretary2, leader, DeadlineType.Immediate, 1);
        late.AddProgress(asSecretary2, today.AddDays(-20), "已梳理支部党建责任清单。", 30, today.AddDays(-20), now.AddDays(-20));

        var longTerm = Item(review, "机关党建基础不牢，党员教育管理监督长效机制不健全。", "队伍建设", affairs, secretary3, leader2, DeadlineType.LongTerm, null, ReportingPeriod.Monthly);
        _ = longTerm;

        var done = Item(review, "意识形态工作责任制落实不到位。", "意识形态", welfare, secretary2, leader, DeadlineType.ByDate, 10);
        done.AddProgress(asSecretary2, today.AddDays(-8), "党组会议专题研究意识形态工作，签订责任书。", 100, today, now.AddDays(-8));
        done.RequestSignOff(asSecretary2, "意识形态工作责任制已落实，专题研究2次，责任书签订全覆盖。", now.AddDays(-7));
        done.ApproveSignOff(asLeader, now.AddDays(-6));

        await db.SaveChangesAsync(cancellationToken);

        // Make the "late" item overdue: its deadline is moved into the past directly in the store, as time would have done.
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE \"RectificationItems\" SET \"Deadline\" = {0}, \"DueDate\" = {0} WHERE \"Id\" = {1}",
            [today.AddDays(-6), late.Id], cancellationToken);
    }

    private static Actor Actor(AppUser user, bool administrator = false, bool leader = false, bool top = false, bool secretary = false) =>
        new(user.Id, user.DisplayName, administrator, leader, top, secretary, user.OrganizationId, new HashSet<int>());
}
