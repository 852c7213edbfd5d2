using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Data;

namespace Rectify.Tests.Overview;

/// <summary>
/// A known ledger for the overview, built through the domain on the demo organisations and people after the demo items are
/// removed. "Today" is Wednesday 2026-11-18 in Asia/Shanghai (<see cref="Now"/>); weeks start on Monday (this week: 11-16).
///
/// | item | organisation | list (source) | category | status | due | created |
/// |---|---|---|---|---|---|---|
/// | O1 | 机关第一党支部 | 民主生活会 | 理论学习 | 整改中 | 11-15 (overdue) | 11-02 |
/// | O2 | 机关第一党支部 | 民主生活会 | 组织生活 | 待整改 | 11-23 (5 days) | 11-17 |
/// | O3 | 机关第一党支部 | 巡视巡察反馈 | 理论学习 | 已销号 11-10 | 11-12 (past, closed) | 10-20 |
/// | O4 | 机关第一党支部 | 巡视巡察反馈 | 作风建设 | 待整改 | 12-18 | 11-16 |
/// | A1 | 机关第二党支部 | 民主生活会 | 理论学习 | 待销号 | 11-25 (7 days) | 11-02 |
/// | A2 | 机关第二党支部 | 民主生活会 | 党风廉政 | 已销号 11-17 | 12-01 | 11-09 |
/// | W1 | 社会福利院党支部 | 巡视巡察反馈 | 作风建设 | 待整改 | 11-17 (overdue) | 10-20 |
/// | W2 | 社会福利院党支部 | 巡视巡察反馈 | 理论学习 | 已销号 11-16 00:30 | 12-01 | 11-09 |
/// | W3 | 社会福利院党支部 | 民主生活会 | 组织生活 | 已审核 | 11-21 (done) | 11-09 |
/// | W4 | 社会福利院党支部 | 巡视巡察反馈 | 理论学习 | 已销号 11-15 23:30 | 11-14 (past, closed) | 10-20 |
/// | C1 | 区民政局党组 | 民主生活会 | 责任落实 | 待整改 | 12-18 | 11-16 |
/// 离退休干部党支部 has no items. Items of 机关 branches have leader 张伟 (leader2), the others 李建国 (leader); C1 is owned by 李建国 too.
/// </summary>
internal static class OverviewData
{
    /// <summary>Wednesday 2026-11-18 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 2, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 11, 18);

    public const string Office = "机关第一党支部";
    public const string Affairs = "机关第二党支部";
    public const string Welfare = "社会福利院党支部";
    public const string Retired = "离退休干部党支部";
    public const string Committee = "区民政局党组";

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static async Task RemoveDemoItemsAsync(RectifyFactory app)
    {
        await using var db = app.CreateDbContext();
        await db.Items.ExecuteDeleteAsync();
        await db.ProblemLists.ExecuteDeleteAsync();
    }

    /// <summary>The ledger of the table above.</summary>
    public static async Task SeedKnownAsync(RectifyFactory app)
    {
        await RemoveDemoItemsAsync(app);
        var w = await WorldAsync(app);
        var life = w.List("2026年度民主生活会查摆问题清单", ProblemSource.DemocraticLifeMeeting);
        var inspection = w.List("区委巡察反馈问题整改清单", ProblemSource.Inspection);

        var o1 = w.Item(life, "O1 理论学习不够深入", "理论学习", Office, D(11, 2), D(11, 15));
        w.Progress(o1, D(11, 5));
        w.Item(life, "O2 组织生活形式单一", "组织生活", Office, D(11, 17), D(11, 23));
        var o3 = w.Item(inspection, "O3 学习笔记不全", "理论学习", Office, D(10, 20), D(11, 12));
        w.Close(o3, D(11, 3), At(11, 10, 9, 0));
        w.Item(inspection, "O4 调研不深入", "作风建设", Office, D(11, 16), D(12, 18));
        var a1 = w.Item(life, "A1 集中学习次数不足", "理论学习", Affairs, D(11, 2), D(11, 25));
        w.Progress(a1, D(11, 10));
        w.RequestSignOff(a1, At(11, 12, 9, 0));
        var a2 = w.Item(life, "A2 廉政教育不经常", "党风廉政", Affairs, D(11, 9), D(12, 1));
        w.Close(a2, D(11, 10), At(11, 17, 15, 0));
        w.Item(inspection, "W1 深入基层调研不够", "作风建设", Welfare, D(10, 20), D(11, 17));
        var w2 = w.Item(inspection, "W2 学用脱节", "理论学习", Welfare, D(11, 9), D(12, 1));
        w.Close(w2, D(11, 10), At(11, 16, 0, 30));
        var w3 = w.Item(life, "W3 谈心谈话不够", "组织生活", Welfare, D(11, 9), D(11, 21));
        w.SignOff(w3, D(11, 10), At(11, 13, 10, 0));
        var w4 = w.Item(inspection, "W4 学习制度落实不严", "理论学习", Welfare, D(10, 20), D(11, 14));
        w.Close(w4, D(10, 21), At(11, 15, 23, 30));
        w.Item(life, "C1 责任清单不细", "责任落实", Committee, D(11, 16), D(12, 18));
        await w.SaveAsync();
    }

    /// <summary>
    /// The known ledger plus 30 more items spread over the twelve weeks of the trend and four sources, for screenshots and
    /// the browser: 社会福利院党支部's overdue items are W1 and W5.
    /// </summary>
    public static async Task SeedRichAsync(RectifyFactory app)
    {
        await SeedKnownAsync(app);
        var w = await WorldAsync(app);
        var lists = new[]
        {
            w.List("2026年度述职评议群众评议问题清单", ProblemSource.ReviewPublic),
            w.List("区委督查检查反馈问题清单", ProblemSource.Supervision),
            w.List("2026年度组织生活会查摆问题清单", ProblemSource.OrganizationalLifeMeeting),
        };
        string[] texts =
        [
            "理论学习系统性不够，学习与工作结合不紧密",
            "“三会一课”记录不规范，会议内容针对性不强",
            "党员教育管理有薄弱环节，流动党员联系不经常",
            "发展党员工作程序执行不严格，培养考察记录不全",
            "党费收缴台账登记不及时",
            "意识形态阵地管理不够规范，宣传栏更新不及时",
            "廉政风险点排查不够深入，防控措施针对性不强",
            "服务群众意识不强，办事效率有待提高",
            "党建品牌特色不鲜明，创新举措不多",
            "支部委员履职尽责不到位，分工不明确",
        ];
        var late = w.Item(lists[0], "W5 困难群众帮扶台账更新不及时", "作风建设", Welfare, D(10, 12), D(11, 10));
        w.Progress(late, D(10, 20));
                string[] organizations = [Office, Affairs, Welfare, Retired, Office, Welfare];
        for (var k = 0; k < 30; k++)
        {
            var created = D(8, 31).AddDays(2 * k + k / 3);
            var deadline = created.AddDays(30 + k % 4 * 10);
            var category = Categories.Suggested[k % 8];
            var item = w.Item(lists[k % 3], texts[k % texts.Length], category, organizations[k % organizations.Length], created, deadline);
            var closeAt = At(created.Month, created.Day, 16, 0).AddDays(16 + k % 9);
            if (k % 5 != 4 && closeAt < Now)
            {
                w.Close(item, created.AddDays(5), closeAt);
            }
            else if (k % 2 == 0)
            {
                w.Progress(item, created.AddDays(3));
            }
        }

        await w.SaveAsync();
    }

    public static DateOnly D(int month, int day) => new(2026, month, day);

    /// <summary>A time of day in Shanghai.</summary>
    public static DateTimeOffset At(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, Shanghai);

    public static async Task<World> WorldAsync(RectifyFactory app)
    {
        var people = new Dictionary<string, AccessContext>();
        foreach (var name in new[] { "admin", "leader", "leader2", "secretary", "secretary2", "secretary3" })
        {
            people[name] = await LedgerTestKit.AccessAsync(app, name);
        }

        var db = app.CreateDbContext();
        var organizations = await db.Organizations.AsNoTracking().ToListAsync();
        return new World(db, people, organizations);
    }

    internal sealed class World(RectifyDbContext db, Dictionary<string, AccessContext> people, List<Organization> organizations)
    {
        private readonly Dictionary<Guid, int> _sequence = [];

        public AccessContext Admin => people["admin"];

        public Organization Organization(string name) => organizations.Single(o => o.Name == name);

        public ProblemList List(string title, ProblemSource source)
        {
            var list = ProblemList.Create(Admin, title, source, D(10, 15), Organization(Committee).Id, At(10, 15, 9, 0));
            db.ProblemLists.Add(list);
            _sequence[list.Id] = 0;
            return list;
        }

        /// <summary>An item created on <paramref name="created"/> (10:00 Shanghai) with a deadline; the owner is the branch's secretary.</summary>
        public RectificationItem Item(ProblemList list, string description, string category, string organization, DateOnly created, DateOnly deadline)
        {
            var org = Organization(organization);
            var (owner, leader) = organization switch
            {
                Office => ("secretary", "leader2"),
                Affairs => ("secretary3", "leader2"),
                Welfare => ("secretary2", "leader"),
                _ => ("admin", "leader"),
            };
            var details = new ItemDetails(description, category, org.Id, people[owner].Actor.UserId, people[leader].Actor.UserId,
                DeadlineType.ByDate, deadline);
            var item = RectificationItem.Create(Admin, list, ++_sequence[list.Id], details, created, At(created.Month, created.Day, 10, 0));
            db.Items.Add(item);
            return item;
        }

        /// <summary>The item's 责任人 does the work (progress, the sign-off request); someone else decides it.</summary>
        private AccessContext Owner(RectificationItem item) => people.Values.First(p => p.Actor.UserId == item.OwnerId);

        public void Progress(RectificationItem item, DateOnly on) =>
            item.AddProgress(Owner(item), on, "已召开专题会议研究整改措施。", 50, on, At(on.Month, on.Day, 11, 0));

        public void RequestSignOff(RectificationItem item, DateTimeOffset at) =>
            item.RequestSignOff(Owner(item), "整改措施已全部落实，相关制度已建立。", at);

        public void SignOff(RectificationItem item, DateOnly progress, DateTimeOffset approvedAt)
        {
            Progress(item, progress);
            RequestSignOff(item, approvedAt.AddHours(-1));
            // Whoever did the work never decides it: the top leader decides the administrator's own items.
            item.ApproveSignOff(item.OwnerId == Admin.Actor.UserId ? people["leader"] : Admin, approvedAt.AddMinutes(-30));
        }

        /// <summary>Signs off and closes the item at <paramref name="closedAt"/> (the scheduler's close, no notice period).</summary>
        public void Close(RectificationItem item, DateOnly progress, DateTimeOffset closedAt)
        {
            SignOff(item, progress, closedAt);
            item.Close(Actor.System, closedAt, 0).ShouldBeTrue();
        }

        public async Task SaveAsync()
        {
            await db.SaveChangesAsync();
            await db.DisposeAsync();
        }
    }
}
