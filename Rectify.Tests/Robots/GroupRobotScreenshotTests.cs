using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Tests.Support;
using Rectify.Web.Robots;
using static Microsoft.Playwright.Assertions;

namespace Rectify.Tests.Robots;

/// <summary>
/// docs/screenshots/group-robots.png: the 群机器人 page in Chromium after a test message went to a webhook played by
/// robot_server.py on loopback, with a 钉钉 robot open for editing (its address and secret only as "saved").
/// Written into the repository only with RECTIFY_WRITE_SCREENSHOTS=1 (otherwise to a temp file).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GroupRobotScreenshotTests(BrowserFixture browser)
{
    [Fact]
    public async Task Group_robot_settings_after_a_test_message()
    {
        using var folder = new TempFolder("robot-shot");
        using var server = await RobotTestServer.StartAsync(folder.Path);
        var secrets = browser.App.Services.GetRequiredService<RobotSecrets>();
        int office, welfare;
        await using (var db = browser.App.CreateDbContext())
        {
            office = await db.Organizations.Where(o => o.Name == "机关第一党支部").Select(o => o.Id).SingleAsync();
            welfare = await db.Organizations.Where(o => o.Name == "社会福利院党支部").Select(o => o.Id).SingleAsync();
            await db.Set<GroupRobot>().Where(r => r.OrganizationId == office || r.OrganizationId == welfare).ExecuteDeleteAsync();
            db.Set<GroupRobot>().Add(GroupRobot.Create(office, RobotPlatform.Webhook, secrets.Protect(server.WebhookUrl), RobotSecrets.Hint(server.WebhookUrl),
                secrets.Protect(RobotTestServer.WebhookSecret), enabled: true, postBulletins: true, "admin", DateTimeOffset.UtcNow));
            db.Set<GroupRobot>().Add(GroupRobot.Create(welfare, RobotPlatform.DingTalk, secrets.Protect(RobotTestServer.DingTalkToken), RobotSecrets.Hint(RobotTestServer.DingTalkToken),
                secrets.Protect(RobotTestServer.DingTalkSecret), enabled: true, postBulletins: false, "admin", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        try
        {
            var page = await browser.SignInAsync("admin", viewport: new ViewportSize { Width = 1280, Height = 900 });
            await page.GotoAsync("admin/robots");
            await BrowserFixture.WaitForCircuitAsync(page);
            await page.Locator($"[data-testid=robot-edit-{welfare}]").ClickAsync();
            await Expect(page.Locator("[data-testid=robot-secret-saved]")).ToBeVisibleAsync();
            await page.Locator($"[data-testid=robot-test-{office}]").ClickAsync();
            await Expect(page.Locator("[data-testid=robot-message]")).ToContainTextAsync("测试消息已送达");
            (await page.ContentAsync()).ShouldNotContain(RobotTestServer.DingTalkSecret);
            await page.EvaluateAsync("document.fonts.ready");

            var path = Environment.GetEnvironmentVariable("RECTIFY_WRITE_SCREENSHOTS") == "1"
                ? Path.Combine(RepositoryRoot(), "docs", "screenshots", "group-robots.png")
                : Path.Combine(Path.GetTempPath(), $"group-robots-{Guid.NewGuid():N}.png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            new FileInfo(path).Length.ShouldBeGreaterThan(10_000);
            await page.Context.CloseAsync();
        }
        finally
        {
            await using var db = browser.App.CreateDbContext();
            await db.Set<GroupRobot>().Where(r => r.OrganizationId == office || r.OrganizationId == welfare).ExecuteDeleteAsync();
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rectify.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Rectify.sln not found above " + AppContext.BaseDirectory);
    }
}
