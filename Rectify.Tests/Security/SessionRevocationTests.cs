using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Admin;
using Rectify.Web.Ledger;
using Rectify.Web.LedgerIO;

namespace Rectify.Tests.Security;

/// <summary>
/// Rights follow the database at once (issue 20 §3): a cookie or an open page is worth only what the user's account is
/// worth now. Each test has its own app, because it signs people out, demotes and deactivates them.
/// </summary>
public sealed partial class SessionRevocationTests : IDisposable
{
    private const string SessionEnded = "您的登录已失效（已退出、账号被停用或权限已变更），请重新登录。";

    private readonly RectifyFactory _app = new();
    private readonly HttpClient _client;

    public SessionRevocationTests()
    {
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task A_cookie_replayed_after_sign_out_gets_the_login_page()
    {
        var cookie = await HttpSignIn.CookiesAsync(_client, "secretary");
        (await GetAsync(cookie, "/items")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var copy = cookie;

        var signOut = await SignOutAsync(cookie);
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signOut.Headers.Location!.ToString().ShouldContain("/Account/Login");

        ShouldBeLogin(await GetAsync(copy, "/items"));
        ShouldBeLogin(await GetAsync(copy, "/ledger/export.xlsx"));
        // Signing in again works as before.
        var again = await HttpSignIn.CookiesAsync(_client, "secretary");
        (await GetAsync(again, "/items")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_demoted_administrators_old_cookie_and_open_page_are_refused_for_import_reopen_and_export()
    {
        var (userId, password) = await CreateUserAsync("admin2", admin: true);
        var cookie = await HttpSignIn.CookiesAsync(_client, "admin2", password);
        var openPage = await _app.SignInPrincipalAsync("admin2");
        (await GetAsync(cookie, "/ledger/export.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var closed = await ClosedItemAsync();

        await using (var asAdmin = await _app.ScopeAsAsync("admin"))
        {
            var form = new UserForm { UserName = "admin2", DisplayName = "钱进", IsSecretary = true, OrganizationId = await _app.OrganizationIdAsync("社会福利院党支部") };
            (await asAdmin.Get<UserAdminService>().UpdateAsync(userId, form)).Succeeded.ShouldBeTrue();
        }

        // The old cookie: export, the import page and the admin pages all send it to the login page.
        ShouldBeLogin(await GetAsync(cookie, "/ledger/export.xlsx"));
        ShouldBeLogin(await GetAsync(cookie, "/ledger/import"));
        ShouldBeLogin(await GetAsync(cookie, "/admin/users"));

        // The page that stayed open: reopening is refused and changes nothing; so is reading the import's actor.
        await using var page = _app.ScopeAs(openPage);
        var result = await page.Get<ItemCommands>().RunAsync(closed.Id, closed.Version, (i, x, _, now) => i.Reopen(x, "复查发现问题反弹", now));
        result.Status.ShouldBe(CommandStatus.Forbidden);
        result.Message.ShouldBe(SessionEnded);
        (await LoadAsync(closed.Id)).Status.ShouldBe(ItemStatus.Closed);
        await Should.ThrowAsync<UnauthorizedAccessException>(() => page.Get<ActorAccessor>().GetAsync());
        (await page.Get<UserAdminService>().ListAsync()).Status.ShouldBe(CommandStatus.Forbidden);

        // Signed in afresh, the same person is a secretary: the importer refuses them as such.
        await using var fresh = await _app.ScopeAsAsync("admin2");
        var access = await fresh.Get<ActorAccessor>().GetAsync();
        access.Actor.IsAdministrator.ShouldBeFalse();
        using var workbook = LedgerIO.LedgerIOTestSupport.Workbook(LedgerIO.LedgerIOTestSupport.Header);
        var check = await fresh.Get<LedgerExcelImporter>().CheckFileAsync(workbook, "降级.xlsx",
            ImportTarget.New("降级后导入", ProblemSource.Other, LedgerIO.LedgerIOTestSupport.Today, await _app.OrganizationIdAsync("区民政局党组")), access);
        check.Refusal.ShouldBe("只有管理员可以导入问题清单。");
    }

    [Fact]
    public async Task A_deactivated_users_cookie_and_open_page_stop_working()
    {
        var cookie = await HttpSignIn.CookiesAsync(_client, "secretary");
        var openPage = await _app.SignInPrincipalAsync("secretary");
        var item = await OpenItemAsync();

        await using (var asAdmin = await _app.ScopeAsAsync("admin"))
        {
            (await asAdmin.Get<UserAdminService>().SetActiveAsync(await _app.UserIdAsync("secretary"), false)).Succeeded.ShouldBeTrue();
        }

        ShouldBeLogin(await GetAsync(cookie, "/items"));
        ShouldBeLogin(await GetAsync(cookie, $"/items/{item.Id}"));
        await using var page = _app.ScopeAs(openPage);
        var result = await page.Get<ItemCommands>().RunAsync(item.Id, item.Version, (i, x, today, now) => i.AddProgress(x, today, "停用后填报", 10, today, now));
        result.Status.ShouldBe(CommandStatus.Forbidden);
        result.Message.ShouldBe(SessionEnded);
        (await LoadAsync(item.Id)).ProgressReports.ShouldBeEmpty();
    }

    [Fact]
    public async Task Rights_changed_in_the_database_apply_to_the_next_request_without_signing_in_again()
    {
        // leader2 包抓 the two office branches; losing 机关第一党支部 takes its items out of the open page's reach at once.
        var openPage = await _app.SignInPrincipalAsync("leader2");
        var item = await OpenItemAsync();
        await using (var before = _app.ScopeAs(openPage))
        {
            (await before.Get<ItemDetailQueries>().GetAsync(item.Id)).Outcome.ShouldBe(ItemDetailOutcome.Found);
        }

        await using (var asAdmin = await _app.ScopeAsAsync("admin"))
        {
            var affairs = await _app.OrganizationIdAsync("机关第二党支部");
            (await asAdmin.Get<UserAdminService>().SetAssignmentsAsync(await _app.UserIdAsync("leader2"), [affairs])).Succeeded.ShouldBeTrue();
        }

        // The assignment change renews the stamp: the open page is ended, and a fresh sign-in no longer reaches the item.
        await using (var after = _app.ScopeAs(openPage))
        {
            await Should.ThrowAsync<UnauthorizedAccessException>(() => after.Get<ItemDetailQueries>().GetAsync(item.Id));
        }

        await using var fresh = await _app.ScopeAsAsync("leader2");
        (await fresh.Get<ItemDetailQueries>().GetAsync(item.Id)).Outcome.ShouldBe(ItemDetailOutcome.Forbidden);
    }

    private async Task<(string Id, string Password)> CreateUserAsync(string userName, bool admin)
    {
        const string password = "Session@2026";
        await using var asAdmin = await _app.ScopeAsAsync("admin");
        var created = await asAdmin.Get<UserAdminService>().CreateAsync(new UserForm
        {
            UserName = userName,
            DisplayName = "钱进",
            IsAdmin = admin,
            OrganizationId = await _app.OrganizationIdAsync("区民政局党组"),
            Password = password,
        });
        created.Succeeded.ShouldBeTrue(created.Message);
        return (created.Value!, password);
    }

    /// <summary>A new open item of 机关第一党支部: owner 赵敏 (secretary), responsible leader 李建国 (the top leader).</summary>
    private Task<(Guid Id, int Version)> OpenItemAsync() => NewItemAsync(closed: false);

    private Task<(Guid Id, int Version)> ClosedItemAsync() => NewItemAsync(closed: true);

    private async Task<(Guid Id, int Version)> NewItemAsync(bool closed)
    {
        var admin = await ActingAs.AccessAsync(_app, "admin");
        var secretary = await ActingAs.AccessAsync(_app, "secretary");
        var leader = await ActingAs.AccessAsync(_app, "leader");
        var clock = _app.Services.GetRequiredService<LedgerClock>();
        await using var db = _app.CreateDbContext();
        var list = await db.ProblemLists.OrderBy(l => l.CreatedAt).FirstAsync();
        var numbers = await db.Items.Where(i => i.ProblemListId == list.Id).Select(i => i.Number).ToListAsync();
        var office = await db.Organizations.SingleAsync(o => o.Name == "机关第一党支部");
        var item = RectificationItem.Create(admin, list, ItemNumber.NextSequence(list.NumberPrefix, numbers),
            new ItemDetails(closed ? "会话测试事项（已销号）" : "会话测试事项", "理论学习", office.Id, secretary.Actor.UserId, leader.Actor.UserId, DeadlineType.ByDate, clock.Today.AddDays(30)),
            clock.Today, clock.Now);
        if (closed)
        {
            item.AddProgress(secretary, clock.Today, "已完成", 100, clock.Today, clock.Now);
            item.RequestSignOff(secretary, "已完成整改", clock.Now);
            item.ApproveSignOff(leader, clock.Now);
            item.Close(Rectify.Domain.Access.Actor.System, clock.Now, 0);
        }

        db.Items.Add(item);
        await db.SaveChangesAsync();
        return (item.Id, item.Version);
    }

    private async Task<RectificationItem> LoadAsync(Guid id)
    {
        await using var db = _app.CreateDbContext();
        return (await ItemCommands.LoadAggregateAsync(db, id, CancellationToken.None))!;
    }

    private async Task<HttpResponseMessage> GetAsync(string cookie, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await _client.SendAsync(request);
    }

    /// <summary>The menu's 退出 button: a form POST with the page's antiforgery token.</summary>
    private async Task<HttpResponseMessage> SignOutAsync(string cookie)
    {
        var page = await GetAsync(cookie, "/Account/Manage/ChangePassword");
        var html = await page.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        token.ShouldNotBeNullOrEmpty();
        var set = page.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["returnUrl"] = "/" }),
        };
        request.Headers.Add("Cookie", string.Join("; ", new[] { cookie }.Concat(set)));
        return await _client.SendAsync(request);
    }

    private static void ShouldBeLogin(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
