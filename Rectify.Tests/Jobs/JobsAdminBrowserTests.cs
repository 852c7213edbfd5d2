using Microsoft.Playwright;
using Rectify.Tests.Support;

namespace Rectify.Tests.Jobs;

/// <summary>The administrator runs the reminder job by hand and sees the outbox fill (own app with the scheduler on).</summary>
public class JobsAdminBrowserTests
{
    [Fact]
    public async Task Admin_runs_reminders_now_and_sees_pending_mail_in_the_outbox()
    {
        using var app = new RectifyFactory()
            .With("Jobs:Enabled", "true")
            .With("Jobs:DispatchOutboxSeconds", "3600")
            .With("Jobs:CloseSignedOff", "0 0 3 1 1 ?");
        var baseUrl = app.StartKestrel();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.FillAsync("#Input\\.UserName", "admin");
        await page.FillAsync("#Input\\.Password", Rectify.Web.Data.Seeder.DemoPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));

        await page.GotoAsync("admin/outbox");
        await BrowserFixture.WaitForCircuitAsync(page);
        var before = int.Parse(await page.Locator("[data-testid=outbox-count-Pending]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        await page.GotoAsync("admin/jobs");
        await BrowserFixture.WaitForCircuitAsync(page);
        var row = page.Locator("[data-testid=job-reminders]");
        (await row.InnerTextAsync()).ShouldContain("整改提醒邮件");
        await page.ClickAsync("[data-testid=run-reminders]");
        (await page.Locator("[data-testid=jobs-message]").InnerTextAsync()).ShouldContain("整改提醒邮件");

        await page.GotoAsync("admin/outbox");
        await BrowserFixture.WaitForCircuitAsync(page);
        var after = before;
        for (var i = 0; i < 30 && after <= before; i++)
        {
            await page.ClickAsync("[data-testid=outbox-refresh]");
            await Task.Delay(300);
            after = int.Parse(await page.Locator("[data-testid=outbox-count-Pending]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        after.ShouldBeGreaterThan(before);
        (await page.Locator("[data-testid=outbox-table]").InnerTextAsync()).ShouldContain("【逾期提醒】");
        (await page.Locator("[data-testid=outbox-tab-Pending]").InnerTextAsync()).ShouldContain("待发送");
    }
}
