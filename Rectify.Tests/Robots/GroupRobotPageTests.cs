using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Web.Components.Pages.Admin;
using Rectify.Web.Robots;

namespace Rectify.Tests.Robots;

/// <summary>
/// The 群机器人 settings page with bUnit on the real app's services, its platforms played by robot_server.py: an administrator
/// saves a 钉钉 robot, the address and secret are never shown again (nor stored in the clear), and the test button shows
/// what the platform answered — success, or its refusal code.
/// </summary>
public sealed class GroupRobotPageTests(RobotPageTestApp app) : IClassFixture<RobotPageTestApp>, IAsyncLifetime
{
    private BunitContext? _context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    private async Task<int> OfficeAsync()
    {
        await using var db = app.App.CreateDbContext();
        return await db.Organizations.Where(o => o.Name == "机关第一党支部").Select(o => o.Id).SingleAsync();
    }

    private static void Fill(IRenderedComponent<GroupRobots> page, string address, string secret)
    {
        page.Find("[data-testid=robot-platform]").Change(nameof(RobotPlatform.DingTalk));
        page.Find("[data-testid=robot-address]").Input(address);
        page.Find("[data-testid=robot-secret]").Input(secret);
    }

    [Fact]
    public async Task Saved_address_and_secret_are_never_shown_again_and_the_test_button_shows_the_platforms_answer()
    {
        _context = await app.SignInAsync("admin");
        var office = await OfficeAsync();
        var page = _context.Render<GroupRobots>();
        page.WaitForElement($"[data-testid=robot-edit-{office}]").Click();
        Fill(page, $"{app.Server.BaseUrl}/robot/send?access_token={RobotTestServer.DingTalkToken}", RobotTestServer.DingTalkSecret);

        page.Find("[data-testid=robot-save]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=robot-message]").TextContent.ShouldContain("已保存"));
        page.Find($"[data-testid=robot-row-{office}]").TextContent.ShouldContain("钉钉 …" + RobotTestServer.DingTalkToken[^4..]);
        page.Find($"[data-testid=robot-edit-{office}]").Click();
        page.Find("[data-testid=robot-address]").GetAttribute("value").ShouldBeNullOrEmpty();
        page.Find("[data-testid=robot-secret]").GetAttribute("value").ShouldBeNullOrEmpty();
        page.Find("[data-testid=robot-secret-saved]").TextContent.ShouldContain("不再显示");
        page.Markup.ShouldNotContain(RobotTestServer.DingTalkToken);
        page.Markup.ShouldNotContain(RobotTestServer.DingTalkSecret);
        await using (var db = app.App.CreateDbContext())
        {
            var stored = await db.Set<GroupRobot>().AsNoTracking().SingleAsync(r => r.OrganizationId == office);
            stored.ProtectedAddress.ShouldNotContain(RobotTestServer.DingTalkToken);
            stored.ProtectedSecret.ShouldNotBeNull().ShouldNotContain(RobotTestServer.DingTalkSecret);
        }

        page.Find("[data-testid=robot-cancel]").Click();
        page.Find($"[data-testid=robot-test-{office}]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=robot-message]").TextContent.ShouldBe("测试消息已送达（DingTalk errcode 0: ok）。"));
        var seen = app.Server.Requests()[^1];
        seen["body"]!["markdown"]!["text"]!.GetValue<string>().ShouldContain("机关第一党支部");

        // A wrong secret: the platform's refusal, with its code, is what the administrator sees.
        page.Find($"[data-testid=robot-edit-{office}]").Click();
        page.Find("[data-testid=robot-secret]").Input("SECwrong");
        page.Find("[data-testid=robot-save]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=robot-message]").TextContent.ShouldContain("已保存"));
        page.Find($"[data-testid=robot-test-{office}]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=robot-message]").TextContent.ShouldContain("平台拒绝了测试消息：DingTalk errcode 310000"));
    }

    [Fact]
    public async Task A_malformed_address_or_secret_gets_a_Chinese_message_and_saves_nothing()
    {
        _context = await app.SignInAsync("admin");
        await using var before = app.App.CreateDbContext();
        var branch = await before.Organizations.Where(o => o.Name == "离退休干部党支部").Select(o => o.Id).SingleAsync();
        var page = _context.Render<GroupRobots>();

        page.WaitForElement($"[data-testid=robot-edit-{branch}]").Click();
        Fill(page, "不是地址 <script>", RobotTestServer.DingTalkSecret);
        page.Find("[data-testid=robot-save]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=robot-message]").TextContent.ShouldContain("Webhook 地址或 key 格式不正确。"));

        Fill(page, RobotTestServer.DingTalkToken, "SEC with spaces\n");
        page.Find("[data-testid=robot-save]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=robot-message]").TextContent.ShouldContain("密钥格式不正确。"));

        await using var after = app.App.CreateDbContext();
        (await after.Set<GroupRobot>().AnyAsync(r => r.OrganizationId == branch)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_secretary_cannot_see_or_change_robots()
    {
        _context = await app.SignInAsync("secretary");

        var page = _context.Render<GroupRobots>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=robot-table]").ShouldBeEmpty());
        (await _context.Services.GetRequiredService<GroupRobotAdministration>().SaveAsync(new RobotForm { OrganizationId = await OfficeAsync(), Address = "x", Secret = "y" }))
            .Status.ShouldBe(Rectify.Web.Ledger.CommandStatus.Forbidden);
    }

    [Fact]
    public async Task A_robot_message_that_failed_for_good_shows_on_the_outbox_page_with_the_platforms_code()
    {
        var office = await OfficeAsync();
        await using (var db = app.App.CreateDbContext())
        {
            await db.Set<GroupRobot>().Where(r => r.OrganizationId == office).ExecuteDeleteAsync();
            var secrets = app.App.Services.GetRequiredService<RobotSecrets>();
            db.Set<GroupRobot>().Add(GroupRobot.Create(office, RobotPlatform.WeCom, secrets.Protect("wrong-key-0000"), "…0000", null, true, false, "test", DateTimeOffset.UtcNow));
            db.Set<Rectify.Web.Mail.OutboxMessage>().Add(Rectify.Web.Mail.OutboxMessage.CreateRobot(
                $"Test:{Guid.NewGuid():N}", "Test", office, "机关第一党支部", "机关第一党支部整改提醒", new RobotMessage("标题", "**正文**", "正文", []).ToJson(), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        await app.App.Services.GetRequiredService<RobotDispatcher>().DispatchDueAsync();
        _context = await app.SignInAsync("admin");
        _context.Services.AddSingleton(app.App.Services.GetRequiredService<Rectify.Web.Mail.Outbox>());
        _context.Services.AddScoped<Rectify.Web.Admin.OutboxAdministration>();
        var page = _context.Render<Outbox>();
        page.WaitForElement("[data-testid=outbox-tab-Failed]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=outbox-table]").TextContent.ShouldContain("WeCom errcode 93000: invalid webhook url"));
        page.Find("[data-testid=outbox-table]").TextContent.ShouldContain("群机器人机关第一党支部");
        page.FindAll("[data-testid^=outbox-retry-]").ShouldNotBeEmpty();
    }
}
