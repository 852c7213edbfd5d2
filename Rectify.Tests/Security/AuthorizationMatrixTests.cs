using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Rectify.Documents;
using Rectify.Tests.Ledger;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Tests.Support;
using Rectify.Web.Admin;
using Rectify.Web.Evidence;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.LedgerIO;
using Rectify.Web.Localization;
using Rectify.Web.Mail;
using static Rectify.Tests.Security.Expect;

namespace Rectify.Tests.Security;

public enum Expect
{
    Allowed,
    Denied,
}

/// <summary>
/// Who may do what, as a table, and every cell checked through the real thing: HTTP requests with the user's real sign-in
/// cookie for pages and endpoints, and for what a Blazor button does, the same server-side service the button calls, in a
/// scope whose identity is the user's real sign-in principal (as the circuit's is). A hidden button is no protection: the
/// services must refuse by themselves, and these rows prove they do.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthorizationMatrixTests(SecurityApp app)
{
    private const string ForbiddenPageText = "您没有权限查看此页面或执行此操作。";
    private const string AdminForbidden = "您无权执行管理操作";

    // Columns: admin 王芳, leader 李建国 (top leader), leader2 张伟 (包抓 机关第一/第二党支部), secretary 赵敏 (机关第一党支部,
    // owner of the test items), secretary2 刘洋 (社会福利院党支部), anonymous, then SecurityApp.MorePeople: leader3 孙强 (包抓
    // 社会福利院党支部 only: outside the items' scope), childsecretary 吴刚 (机关党总支第一支部, a child of 机关党总支), measureowner
    // 周明 (secretary of 离退休干部党支部; owner of each test item's measure), demoted and deactivated (old cookie and open page from before the
    // change). The test items belong to 机关第一党支部 unless the row says otherwise.
    public static readonly (string Action, Expect[] Expected)[] Matrix =
    [
        //                                         admin    leader   leader2  secret.  secret2  anon    leader3 childsec measure demoted deactiv.
        ("GET / (首页)",                          [Allowed, Allowed, Allowed, Allowed, Allowed, Denied, Allowed, Allowed, Allowed, Denied, Denied]),
        ("GET /items (整改台账)",                  [Allowed, Allowed, Allowed, Allowed, Allowed, Denied, Allowed, Allowed, Allowed, Denied, Denied]),
        ("list contains the item",               [Allowed, Allowed, Allowed, Allowed, Denied,  Denied, Denied, Denied, Allowed, Denied, Denied]),
        ("GET /items/{id} (事项详情)",              [Allowed, Allowed, Allowed, Allowed, Denied,  Denied, Denied, Denied, Allowed, Denied, Denied]),
        ("GET /evidence/{id} (下载佐证材料)",        [Allowed, Allowed, Allowed, Allowed, Denied,  Denied, Denied, Denied, Allowed, Denied, Denied]),
        ("POST /items/{id}/progress (填报进展)",     [Allowed, Denied,  Denied,  Allowed, Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 填报进展",                  [Allowed, Denied,  Denied,  Allowed, Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 申请销号",                  [Allowed, Denied,  Denied,  Allowed, Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 审核通过销号",               [Allowed, Allowed, Allowed, Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 退回",                     [Allowed, Allowed, Allowed, Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 申请延期",                  [Allowed, Denied,  Denied,  Allowed, Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 审批延期",                  [Allowed, Allowed, Allowed, Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 重新打开",                  [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /ledger/export.xlsx (导出台账)",       [Allowed, Allowed, Allowed, Allowed, Allowed, Denied, Allowed, Allowed, Allowed, Denied, Denied]),
        ("export.xlsx contains the item",        [Allowed, Allowed, Allowed, Allowed, Denied,  Denied, Denied, Denied, Allowed, Denied, Denied]),
        ("GET /problem-lists/{id}/report.docx",  [Allowed, Allowed, Allowed, Allowed, Allowed, Denied, Allowed, Denied,  Allowed, Denied, Denied]),
        ("GET /ledger/template.xlsx",            [Allowed, Allowed, Allowed, Allowed, Allowed, Denied, Allowed, Allowed, Allowed, Denied, Denied]),
        ("GET /ledger/import (导入导出页)",          [Allowed, Allowed, Allowed, Allowed, Allowed, Denied, Allowed, Allowed, Allowed, Denied, Denied]),
        ("LedgerExcelImporter: 导入",              [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /problem-lists (问题清单)",            [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ProblemListService: 新建清单",            [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ProblemListService: 添加事项",            [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /admin/organizations (组织管理)",      [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("OrganizationAdminService: 列表",          [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("OrganizationAdminService: 新建",          [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("OrganizationAdminService: 改名",          [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /admin/users (用户管理)",              [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("UserAdminService: 列表",                 [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("UserAdminService: 新建用户",              [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /admin/jobs (定时任务)",               [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("JobAdministration: 立即运行",             [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /admin/outbox (邮件队列)",             [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("OutboxAdministration: 重试",             [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /admin/robots (群机器人)",             [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GroupRobotAdministration: 保存",         [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /admin/audit (操作记录)",              [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("AuditAdministration: 查看",              [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("AuditAdministration: 校验",              [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 添加整改措施",               [Allowed, Denied,  Denied,  Allowed, Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 措施标记完成",               [Allowed, Denied,  Denied,  Allowed, Denied,  Denied, Denied, Denied, Allowed, Denied, Denied]),
        ("EvidenceUploads: 只上传佐证材料（不填进展）",    [Allowed, Denied,  Denied,  Allowed, Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("ItemCommands: 修改事项",                  [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET /items/{id} of a 党总支 item",         [Allowed, Allowed, Denied,  Allowed, Denied,  Denied, Denied, Denied, Allowed, Denied, Denied]),
        ("report.docx contains the item",        [Allowed, Allowed, Allowed, Allowed, Denied,  Denied, Denied, Denied, Allowed, Denied, Denied]),
        ("overview counts the item",             [Allowed, Allowed, Allowed, Allowed, Denied,  Denied, Denied, Denied, Allowed, Denied, Denied]),
        ("GET /ledger/exports/{token} (管理员的导出文件)", [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("OrganizationAdminService: 移动",          [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("UserAdminService: 修改用户",              [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("UserAdminService: 包抓",                 [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("UserAdminService: 停用与启用",             [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
        ("UserAdminService: 重置密码",              [Allowed, Denied,  Denied,  Denied,  Denied,  Denied, Denied, Denied, Denied, Denied, Denied]),
    ];

    public static readonly string[] Roles = [.. SecurityApp.Users, SecurityApp.Anonymous, .. SecurityApp.MorePeople];

    public static IEnumerable<object[]> Cells() =>
        Matrix.SelectMany(row => Roles.Select((role, i) => new object[] { row.Action, role, row.Expected[i] }));

    [Fact]
    public void The_table_has_a_cell_for_every_role_and_a_runner_for_every_action()
    {
        Matrix.ShouldAllBe(row => row.Expected.Length == Roles.Length);
        Matrix.Select(r => r.Action).ShouldBeUnique();
        Matrix.Select(r => r.Action).Where(a => !Runners.ContainsKey(a)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell(string action, string role, Expect expected)
    {
        var observed = await Runners[action](app, role);
        observed.ShouldBe(expected, $"{action} as {role}");
    }

    private delegate Task<Expect> Runner(SecurityApp app, string role);

    private static readonly Dictionary<string, Runner> Runners = new()
    {
        ["GET / (首页)"] = (a, r) => PageAsync(a, r, "/"),
        ["GET /items (整改台账)"] = (a, r) => PageAsync(a, r, "/items"),
        ["list contains the item"] = async (a, r) =>
        {
            var item = await a.CreateItemAsync(SecurityApp.Stage.Open);
            var response = await a.GetAsync(r, "/items?q=" + Uri.EscapeDataString(item.Description));
            if (SecurityApp.SignedOut(r))
            {
                return ExpectLogin(response);
            }

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            // The search box echoes the query, so look for the item's link, not its text.
            return (await response.Content.ReadAsStringAsync()).Contains($"items/{item.Id}", StringComparison.Ordinal) ? Allowed : Denied;
        },
        ["GET /items/{id} (事项详情)"] = async (a, r) =>
        {
            var item = await a.CreateItemAsync(SecurityApp.Stage.Open);
            var response = await a.GetAsync(r, $"/items/{item.Id}");
            if (SecurityApp.SignedOut(r))
            {
                return ExpectLogin(response);
            }

            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && html.Contains(item.Description, StringComparison.Ordinal))
            {
                return Allowed;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            html.ShouldContain("您无权查看该整改事项");
            html.ShouldNotContain(item.Description);
            return Denied;
        },
        ["GET /evidence/{id} (下载佐证材料)"] = async (a, r) =>
        {
            var item = await a.CreateItemAsync(SecurityApp.Stage.WithEvidence);
            var response = await a.GetAsync(r, $"/evidence/{item.EvidenceId}");
            if (SecurityApp.SignedOut(r))
            {
                return ExpectLogin(response);
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                (await response.Content.ReadAsByteArrayAsync()).ShouldBe(SecurityApp.Png);
                response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
                return Allowed;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await response.Content.ReadAsStringAsync()).ShouldContain("您无权下载该佐证材料");
            return Denied;
        },
        ["POST /items/{id}/progress (填报进展)"] = async (a, r) =>
        {
            var item = await a.CreateItemAsync(SecurityApp.Stage.Open);
            var response = await a.PostFormAsync(r, $"/items/{item.Id}/progress",
                [new("version", item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("text", "召开专题会议"), new("percent", "30")],
                [("照片.png", SecurityApp.Png)]);
            var after = await a.LoadAsync(item.Id);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                after.ProgressReports.Single().Text.ShouldBe("召开专题会议");
                after.Evidence.Single().FileName.ShouldBe("照片.png");
                return Allowed;
            }

            after.Version.ShouldBe(item.Version);
            after.ProgressReports.ShouldBeEmpty();
            if (SecurityApp.SignedOut(r))
            {
                return ExpectLogin(response);
            }

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await response.Content.ReadAsStringAsync()).ShouldMatch("[无权不能]");
            return Denied;
        },
        ["ItemCommands: 填报进展"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.Open,
            (i, x, today, now) => i.AddProgress(x, today, "召开专题会议", 30, today, now)),
        ["ItemCommands: 申请销号"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.InProgress,
            (i, x, today, now) => i.RequestSignOff(x, "已完成整改", now)),
        ["ItemCommands: 审核通过销号"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.AwaitingSignOff,
            (i, x, today, now) => i.ApproveSignOff(x, now)),
        ["ItemCommands: 退回"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.AwaitingSignOff,
            (i, x, today, now) => i.SendBack(x, "佐证材料不足", now)),
        ["ItemCommands: 申请延期"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.InProgress,
            (i, x, today, now) => i.RequestExtension(x, today.AddDays(90), "需要上级批复", today, now)),
        ["ItemCommands: 审批延期"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.ExtensionAsked,
            (i, x, today, now) => i.DecideExtension(x, i.PendingExtension!.Id, true, "同意", now)),
        ["ItemCommands: 重新打开"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.Closed,
            (i, x, today, now) => i.Reopen(x, "复查发现问题反弹", now)),
        ["GET /ledger/export.xlsx (导出台账)"] = (a, r) => DownloadAsync(a, r, "/ledger/export.xlsx"),
        ["export.xlsx contains the item"] = async (a, r) =>
        {
            var item = await a.CreateItemAsync(SecurityApp.Stage.Open);
            var response = await a.GetAsync(r, "/ledger/export.xlsx");
            if (SecurityApp.SignedOut(r))
            {
                return ExpectLogin(response);
            }

            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                return Denied; // reads none of the list's items: no document at all (not even the list's title)
            }

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
            var text = string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal))
                .Select(e => new StreamReader(e.Open()).ReadToEnd()));
            return text.Contains(item.Description, StringComparison.Ordinal) ? Allowed : Denied;
        },
        ["GET /problem-lists/{id}/report.docx"] = async (a, r) =>
        {
            await using var db = a.App.CreateDbContext();
            var list = db.ProblemLists.OrderBy(l => l.CreatedAt).First();
            return await DownloadAsync(a, r, $"/problem-lists/{list.Id}/report.docx");
        },
        ["GET /ledger/template.xlsx"] = (a, r) => DownloadAsync(a, r, "/ledger/template.xlsx"),
        ["GET /ledger/import (导入导出页)"] = (a, r) => PageAsync(a, r, "/ledger/import"),
        ["LedgerExcelImporter: 导入"] = async (a, r) =>
        {
            await using var scope = await a.ScopeAsync(r);
            var access = await AccessOrNullAsync(scope);
            if (access is null)
            {
                return Denied;
            }

            var importer = scope.Get<LedgerExcelImporter>();
            var orgId = await a.App.OrganizationIdAsync("区民政局党组");
            var title = "矩阵导入" + Guid.NewGuid().ToString("N")[..8];
            var workbook = Rectify.Tests.LedgerIO.LedgerIOTestSupport.Workbook(
                Rectify.Tests.LedgerIO.LedgerIOTestSupport.Header,
                [1, "组织生活会", "矩阵导入的问题" + title, "措施一", "李建国", "机关第一党支部", "赵敏", Rectify.Tests.LedgerIO.LedgerIOTestSupport.Iso(Rectify.Tests.LedgerIO.LedgerIOTestSupport.Today.AddDays(30)), "", "", "", ""]);
            var check = await importer.CheckFileAsync(workbook, title + ".xlsx",
                ImportTarget.New(title, ProblemSource.OrganizationalLifeMeeting, Rectify.Tests.LedgerIO.LedgerIOTestSupport.Today, orgId), access);
            if (check.Refusal is { } refusal)
            {
                refusal.ShouldBe("只有管理员可以导入问题清单。");
                return Denied;
            }

            check.CanImport.ShouldBeTrue(string.Join("; ", check.Errors.Select(e => e.Reason)));
            var outcome = await importer.ImportAsync(check, access);
            outcome.Succeeded.ShouldBeTrue(outcome.Message);
            return Allowed;
        },
        ["GET /problem-lists (问题清单)"] = (a, r) => PageAsync(a, r, "/problem-lists"),
        ["ProblemListService: 新建清单"] = (a, r) => ServiceAsync(a, r, async s =>
            (await s.Get<ProblemListService>().CreateAsync("矩阵清单" + Guid.NewGuid().ToString("N")[..6], ProblemSource.Other,
                Rectify.Tests.LedgerIO.LedgerIOTestSupport.Today, await a.App.OrganizationIdAsync("区民政局党组"))).Status),
        ["ProblemListService: 添加事项"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            await using var db = a.App.CreateDbContext();
            var list = db.ProblemLists.OrderBy(l => l.CreatedAt).First();
            var row = new NewItemRow
            {
                Description = "矩阵添加的事项" + Guid.NewGuid().ToString("N")[..6],
                Category = "理论学习",
                OrganizationId = await a.App.OrganizationIdAsync("机关第一党支部"),
                OwnerId = await a.App.UserIdAsync("secretary"),
                LeaderId = await a.App.UserIdAsync("leader"),
                Deadline = Rectify.Tests.LedgerIO.LedgerIOTestSupport.Today.AddDays(10),
            };
            return (await s.Get<ProblemListService>().AddItemsAsync(list.Id, [row])).Status;
        }),
        ["GET /admin/organizations (组织管理)"] = (a, r) => PageAsync(a, r, "/admin/organizations"),
        ["OrganizationAdminService: 列表"] = (a, r) => ServiceAsync(a, r, async s => (await s.Get<OrganizationAdminService>().ListAsync()).Status),
        ["OrganizationAdminService: 新建"] = (a, r) => ServiceAsync(a, r, async s =>
            (await s.Get<OrganizationAdminService>().CreateAsync("矩阵支部" + Guid.NewGuid().ToString("N")[..6], OrganizationLevel.Branch,
                await a.App.OrganizationIdAsync("区民政局党组"))).Status),
        ["OrganizationAdminService: 改名"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            var id = await a.App.OrganizationIdAsync("离退休干部党支部");
            var service = s.Get<OrganizationAdminService>();
            var result = await service.RenameAsync(id, "离退休干部党支部（改）");
            if (result.Succeeded)
            {
                (await service.RenameAsync(id, "离退休干部党支部")).Succeeded.ShouldBeTrue();
            }

            return result.Status;
        }),
        ["GET /admin/users (用户管理)"] = (a, r) => PageAsync(a, r, "/admin/users"),
        ["UserAdminService: 列表"] = (a, r) => ServiceAsync(a, r, async s => (await s.Get<UserAdminService>().ListAsync()).Status),
        ["UserAdminService: 新建用户"] = (a, r) => ServiceAsync(a, r, async s =>
            (await s.Get<UserAdminService>().CreateAsync(new UserForm
            {
                UserName = "matrix" + Guid.NewGuid().ToString("N")[..8],
                DisplayName = "矩阵用户",
                IsAdmin = true,
                Password = "Matrix@2026",
            })).Status),
        ["GET /admin/jobs (定时任务)"] = (a, r) => PageAsync(a, r, "/admin/jobs"),
        ["JobAdministration: 立即运行"] = (a, r) => ServiceAsync(a, r, async s => (await s.Get<JobAdministration>().TriggerNowAsync(JobKeys.OutboxDispatch)).Status),
        ["GET /admin/outbox (邮件队列)"] = (a, r) => PageAsync(a, r, "/admin/outbox"),
        ["OutboxAdministration: 重试"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            var id = await FailedMessageAsync(a);
            return (await s.Get<OutboxAdministration>().RetryFailedAsync(id)).Status;
        }),
        ["GET /admin/robots (群机器人)"] = (a, r) => PageAsync(a, r, "/admin/robots"),
        ["GroupRobotAdministration: 保存"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            await using var db = a.App.CreateDbContext();
            var organization = await db.Organizations.Where(o => o.Name == "离退休干部党支部").Select(o => o.Id).SingleAsync();
            var version = await db.Set<Rectify.Web.Robots.GroupRobot>().Where(g => g.OrganizationId == organization).Select(g => g.Version).SingleOrDefaultAsync();
            return (await s.Get<Rectify.Web.Robots.GroupRobotAdministration>().SaveAsync(new Rectify.Web.Robots.RobotForm
            {
                OrganizationId = organization, Platform = Rectify.Web.Robots.RobotPlatform.WeCom, Address = "matrix-key-2026", Version = version,
            })).Status;
        }),
        ["GET /admin/audit (操作记录)"] = (a, r) => PageAsync(a, r, "/admin/audit"),
        ["AuditAdministration: 查看"] = (a, r) => ServiceAsync(a, r, async s => (await s.Get<AuditAdministration>().PageAsync(1, 10)).Status),
        ["AuditAdministration: 校验"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            var result = await s.Get<AuditAdministration>().VerifyAsync();
            if (result.Succeeded)
            {
                result.Value!.Intact.ShouldBeTrue();
            }

            return result.Status;
        }),
        ["ItemCommands: 添加整改措施"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.Open,
            (i, x, today, now) => i.AddMeasure(x, "建立学习台账", null, today.AddDays(10), now)),
        ["ItemCommands: 措施标记完成"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.Open,
            (i, x, today, now) => i.SetMeasureDone(x, i.Measures[0].Id, true, now)),
        ["EvidenceUploads: 只上传佐证材料（不填进展）"] = async (a, r) =>
        {
            var item = await a.CreateItemAsync(SecurityApp.Stage.Open);
            await using var scope = await a.ScopeAsync(r);
            CommandResult result;
            try
            {
                result = await scope.Get<EvidenceUploads>().RunAsync(item.Id, item.Version,
                    [new PickedFile("补充材料.png", SecurityApp.Png.Length, _ => new MemoryStream(SecurityApp.Png))], (_, _, _, _) => null);
            }
            catch (UnauthorizedAccessException)
            {
                result = scope.Get<IStringLocalizer<Text>>().Forbidden();
            }

            var after = await a.LoadAsync(item.Id);
            if (result.Succeeded)
            {
                after.Evidence.ShouldHaveSingleItem().ProgressReportId.ShouldBeNull();
                return Allowed;
            }

            result.Status.ShouldBe(CommandStatus.Forbidden, result.Message);
            after.Evidence.ShouldBeEmpty();
            return Denied;
        },
        ["ItemCommands: 修改事项"] = (a, r) => ItemActionAsync(a, r, SecurityApp.Stage.Open,
            (i, x, today, now) => i.UpdateDetails(x, new ItemDetails(i.Description + "（改）", i.Category, i.ResponsibleOrganizationId, i.OwnerId, i.LeaderId,
                i.DeadlineType, i.Deadline, i.Period, i.Remarks), today, now)),
        ["GET /items/{id} of a 党总支 item"] = async (a, r) =>
        {
            var item = await a.CreateItemAsync(SecurityApp.Stage.GeneralBranch);
            var response = await a.GetAsync(r, $"/items/{item.Id}");
            if (SecurityApp.SignedOut(r))
            {
                return ExpectLogin(response);
            }

            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && html.Contains(item.Description, StringComparison.Ordinal))
            {
                return Allowed;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            html.ShouldNotContain(item.Description);
            return Denied;
        },
        ["report.docx contains the item"] = async (a, r) =>
        {
            var item = await a.CreateItemAsync(SecurityApp.Stage.Open);
            await using var db = a.App.CreateDbContext();
            var list = db.ProblemLists.OrderBy(l => l.CreatedAt).First();
            var response = await a.GetAsync(r, $"/problem-lists/{list.Id}/report.docx");
            if (SecurityApp.SignedOut(r))
            {
                return ExpectLogin(response);
            }

            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                return Denied; // reads none of the list's items: no document at all (not even the list's title)
            }

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
            var text = string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal))
                .Select(e => new StreamReader(e.Open()).ReadToEnd()));
            return text.Contains(item.Description, StringComparison.Ordinal) ? Allowed : Denied;
        },
        ["overview counts the item"] = async (a, r) =>
        {
            await using var scope = await a.ScopeAsync(r);
            var access = await AccessOrNullAsync(scope);
            if (access is null)
            {
                return Denied;
            }

            var overview = scope.Get<Rectify.Web.Overview.OverviewQueries>();
            var before = (await overview.GetAsync(access)).Total;
            await a.CreateItemAsync(SecurityApp.Stage.Open);
            return (await overview.GetAsync(access)).Total == before + 1 ? Allowed : Denied;
        },
        ["GET /ledger/exports/{token} (管理员的导出文件)"] = async (a, r) =>
        {
            var adminId = await a.App.UserIdAsync("admin");
            var token = await a.App.Services.GetRequiredService<PreparedFiles>().SaveAsync(adminId, "台账.xlsx", XlsxWriter.ContentType,
                stream => stream.WriteAsync("管理员的导出"u8.ToArray()).AsTask());
            var response = await a.GetAsync(r, $"/ledger/exports/{token}");
            if (SecurityApp.SignedOut(r))
            {
                return ExpectLogin(response);
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                (await response.Content.ReadAsByteArrayAsync()).ShouldBe("管理员的导出"u8.ToArray());
                return Allowed;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            return Denied;
        },
        ["OrganizationAdminService: 移动"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            var id = await a.App.OrganizationIdAsync("离退休干部党支部");
            var service = s.Get<OrganizationAdminService>();
            var result = await service.MoveAsync(id, await a.App.OrganizationIdAsync("机关党总支"));
            if (result.Succeeded)
            {
                (await service.MoveAsync(id, await a.App.OrganizationIdAsync("区民政局党组"))).Succeeded.ShouldBeTrue();
            }

            return result.Status;
        }),
        ["UserAdminService: 修改用户"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            var id = await a.App.UserIdAsync("secretary3");
            var form = new UserForm { UserName = "secretary3", DisplayName = "陈静", IsSecretary = true, Email = $"m{Guid.NewGuid():N}"[..12] + "@example.org",
                OrganizationId = await a.App.OrganizationIdAsync("机关第二党支部") };
            return (await s.Get<UserAdminService>().UpdateAsync(id, form)).Status;
        }),
        ["UserAdminService: 包抓"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            // A leader made for this cell: changing a column's own assignments would end that column's sign-in (by design).
            string id;
            await using (var asAdmin = await a.App.ScopeAsAsync("admin"))
            {
                id = (await asAdmin.Get<UserAdminService>().CreateAsync(new UserForm
                {
                    UserName = "matrixleader" + Guid.NewGuid().ToString("N")[..8], DisplayName = "矩阵领导", IsLeader = true,
                    OrganizationId = await a.App.OrganizationIdAsync("区民政局党组"), Password = SecurityApp.Password,
                })).Value!;
            }

            var welfare = await a.App.OrganizationIdAsync("社会福利院党支部");
            var retired = await a.App.OrganizationIdAsync("离退休干部党支部");
            var service = s.Get<UserAdminService>();
            var result = await service.SetAssignmentsAsync(id, [welfare, retired]);
            if (result.Succeeded)
            {
                (await service.SetAssignmentsAsync(id, [welfare])).Succeeded.ShouldBeTrue();
            }

            return result.Status;
        }),
        ["UserAdminService: 停用与启用"] = (a, r) => ServiceAsync(a, r, async s =>
        {
            var id = await a.App.UserIdAsync("secretary3");
            var service = s.Get<UserAdminService>();
            var result = await service.SetActiveAsync(id, false);
            if (result.Succeeded)
            {
                (await service.SetActiveAsync(id, true)).Succeeded.ShouldBeTrue();
            }

            return result.Status;
        }),
        ["UserAdminService: 重置密码"] = (a, r) => ServiceAsync(a, r, async s =>
            (await s.Get<UserAdminService>().ResetPasswordAsync(await a.App.UserIdAsync("secretary3"), "Rectify@2026")).Status),
    };

    /// <summary>A Blazor page (prerendered over HTTP): allowed renders it; a signed-in user without the right sees 无权访问; nobody is sent to the login.</summary>
    private static async Task<Expect> PageAsync(SecurityApp app, string role, string path)
    {
        var response = await app.GetAsync(role, path);
        if (SecurityApp.SignedOut(role))
        {
            return ExpectLogin(response);
        }

        // Pages marked [Authorize(Roles = …)] are refused by the endpoint's authorization before rendering: the cookie
        // handler sends the user to 无权访问 (/Account/AccessDenied). Pages refusing while rendering show the same text.
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/AccessDenied", StringComparison.Ordinal))
        {
            var denied = await (await app.GetAsync(role, response.Headers.Location.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.ToString())).Content.ReadAsStringAsync();
            denied.ShouldContain("无权访问");
            return Denied;
        }

        var html = await response.Content.ReadAsStringAsync();
        if (html.Contains(ForbiddenPageText, StringComparison.Ordinal))
        {
            html.ShouldContain("无权访问");
            // The refusal replaces the page: none of the administration's tables or buttons is rendered.
            foreach (var part in new[] { "user-table", "user-new", "list-table", "list-new", "org-tree", "verify-audit" })
            {
                html.ShouldNotContain($"data-testid=\"{part}\"", customMessage: $"{role} {path}");
            }

            return Denied;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return Allowed;
    }

    private static async Task<Expect> DownloadAsync(SecurityApp app, string role, string path)
    {
        var response = await app.GetAsync(role, path);
        if (SecurityApp.SignedOut(role))
        {
            return ExpectLogin(response);
        }

        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            return Denied;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        return Allowed;
    }

    private static Expect ExpectLogin(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
        return Denied;
    }

    /// <summary>The item page's button path: ItemCommands.RunAsync with the circuit's identity. Denied must leave the item unchanged.</summary>
    private static async Task<Expect> ItemActionAsync(SecurityApp app, string role, SecurityApp.Stage stage, ItemCommands.ItemOperation operation)
    {
        var item = await app.CreateItemAsync(stage);
        await using var scope = await app.ScopeAsync(role);
        CommandResult result;
        try
        {
            result = await scope.Get<ItemCommands>().RunAsync(item.Id, item.Version, operation);
        }
        catch (UnauthorizedAccessException)
        {
            result = scope.Get<IStringLocalizer<Text>>().Forbidden();
        }

        var after = await app.LoadAsync(item.Id);
        if (result.Succeeded)
        {
            after.Version.ShouldBeGreaterThan(item.Version);
            return Allowed;
        }

        result.Status.ShouldBe(CommandStatus.Forbidden, result.Message);
        result.Message!.ShouldMatch("[无权不能]");
        after.Version.ShouldBe(item.Version);
        return Denied;
    }

    private static async Task<Expect> ServiceAsync(SecurityApp app, string role, Func<AsyncServiceScope, Task<CommandStatus>> call)
    {
        await using var scope = await app.ScopeAsync(role);
        var status = await call(scope);
        if (status == CommandStatus.Ok)
        {
            return Allowed;
        }

        status.ShouldBe(CommandStatus.Forbidden);
        return Denied;
    }

    private static async Task<Rectify.Domain.Access.AccessContext?> AccessOrNullAsync(AsyncServiceScope scope)
    {
        try
        {
            return await scope.Get<ActorAccessor>().GetAsync();
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<long> FailedMessageAsync(SecurityApp app)
    {
        await using var db = app.App.CreateDbContext();
        var message = OutboxMessage.Create("matrix:" + Guid.NewGuid().ToString("N"), "Test", "x", "someone@example.org", "某人", "测试", "正文", "<p>正文</p>", DateTimeOffset.UtcNow);
        db.Set<OutboxMessage>().Add(message);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE OutboxMessages SET State = 'Failed', NextAttemptAt = NULL WHERE Id = {0}", message.Id);
        return message.Id;
    }
}
