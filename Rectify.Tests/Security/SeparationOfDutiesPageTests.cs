using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Security;

/// <summary>
/// 整改一件销号一件 through the app (issue 20 §2): an administrator who reported progress and asked for sign-off sees no
/// decision form on the item page, is told why (in Chinese, or English when chosen), and the button's service refuses them
/// anyway; another leader decides, and the page shows who asked and who decided.
/// </summary>
public sealed class SeparationOfDutiesPageTests : IDisposable
{
    private readonly RectifyFactory _app = new();
    private readonly HttpClient _client;

    public SeparationOfDutiesPageTests()
    {
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task An_administrator_who_asked_cannot_approve_and_another_leader_decides_with_both_names_shown()
    {
        var id = await ItemAsync();
        await using (var admin = await _app.ScopeAsAsync("admin"))
        {
            var commands = admin.Get<ItemCommands>();
            var item = await LoadAsync(id);
            (await commands.RunAsync(id, item.Version, (i, x, today, now) => i.AddProgress(x, today, "管理员代为填报。", 100, today, now))).Succeeded.ShouldBeTrue();
            item = await LoadAsync(id);
            (await commands.RunAsync(id, item.Version, (i, x, _, now) => i.RequestSignOff(x, "管理员申请销号。", now))).Succeeded.ShouldBeTrue();

            item = await LoadAsync(id);
            var refused = await commands.RunAsync(id, item.Version, (i, x, _, now) => i.ApproveSignOff(x, now));
            refused.Status.ShouldBe(CommandStatus.Forbidden);
            refused.Message.ShouldBe("申请人不能审核自己提出的申请，须由其他领导审核。");
            (await LoadAsync(id)).Status.ShouldBe(ItemStatus.AwaitingSignOff);

            // The same refusal to an administrator who chose English (the request's culture, as the cookie sets it).
            var saved = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en-US");
            try
            {
                (await commands.RunAsync(id, item.Version, (i, x, _, now) => i.ApproveSignOff(x, now))).Message
                    .ShouldBe("Whoever made a request cannot decide it: another leader must decide.");
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentUICulture = saved;
            }
        }

        var adminCookie = await HttpSignIn.CookiesAsync(_client, "admin");
        var adminPage = await PageAsync(adminCookie, id);
        adminPage.ShouldNotContain("data-testid=\"signoff-decision-form\"");
        adminPage.ShouldContain("申请人不能审核自己提出的申请，须由其他领导审核。");
        adminPage.ShouldContain("王芳");
        var english = await PageAsync(adminCookie + "; .AspNetCore.Culture=c%3Den-US%7Cuic%3Den-US", id);
        english.ShouldContain("Whoever made a request cannot decide it: another leader must decide.");

        var leaderCookie = await HttpSignIn.CookiesAsync(_client, "leader");
        (await PageAsync(leaderCookie, id)).ShouldContain("data-testid=\"signoff-decision-form\"");
        await using (var leader = await _app.ScopeAsAsync("leader"))
        {
            var item = await LoadAsync(id);
            (await leader.Get<ItemCommands>().RunAsync(id, item.Version, (i, x, _, now) => i.ApproveSignOff(x, now))).Succeeded.ShouldBeTrue();
        }

        var decided = await PageAsync(leaderCookie, id);
        decided.ShouldContain("data-testid=\"signoff-decision-requested-by\"");
        decided.ShouldMatch("申请人：</span>王芳");
        decided.ShouldMatch("审批人：</span>李建国");
        // The decision's audit entry names both people, by name, not by account id.
        var adminId = await _app.UserIdAsync("admin");
        decided.ShouldNotContain(adminId);
    }

    private async Task<Guid> ItemAsync()
    {
        var admin = await ActingAs.AccessAsync(_app, "admin");
        var clock = _app.Services.GetRequiredService<LedgerClock>();
        await using var db = _app.CreateDbContext();
        var list = db.ProblemLists.OrderBy(l => l.CreatedAt).First();
        var numbers = db.Items.Where(i => i.ProblemListId == list.Id).Select(i => i.Number).ToList();
        var office = db.Organizations.Single(o => o.Name == "机关第一党支部");
        var item = RectificationItem.Create(admin, list, ItemNumber.NextSequence(list.NumberPrefix, numbers),
            new ItemDetails("职责分离测试事项", "理论学习", office.Id, await _app.UserIdAsync("secretary"), await _app.UserIdAsync("leader2"),
                DeadlineType.ByDate, clock.Today.AddDays(30)), clock.Today, clock.Now);
        db.Items.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private async Task<RectificationItem> LoadAsync(Guid id)
    {
        await using var db = _app.CreateDbContext();
        return (await ItemCommands.LoadAggregateAsync(db, id, CancellationToken.None))!;
    }

    private async Task<string> PageAsync(string cookie, Guid id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/items/{id}");
        request.Headers.Add("Cookie", cookie);
        var response = await _client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }
}
