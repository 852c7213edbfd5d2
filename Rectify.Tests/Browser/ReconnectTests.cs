using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rectify.Tests.Support;

namespace Rectify.Tests.Browser;

/// <summary>
/// The server process dies under open pages (SIGKILL, as a crash or a restart would) and comes back on the same port and
/// database. Each user sees the reconnect dialog in their own language while it is gone, and afterwards the page works again,
/// still signed in. A real app process, because an in-process host cannot be killed and restarted on its port.
/// </summary>
public sealed partial class ReconnectTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();

    private void Step(string what) => output.WriteLine($"{_watch.Elapsed.TotalSeconds,6:F1} s  {what}");

    [Fact]
    public async Task Killed_server_shows_the_reconnect_dialog_in_the_users_language_and_the_page_works_again_signed_in_after_a_restart()
    {
        using var data = new TempFolder("rectify-reconnect");
        var settings = new Dictionary<string, string?> { ["Rectify:DataFolder"] = data.Path, ["Jobs:Enabled"] = "false" };
        var port = PostgresServer.FreePort();
        var server = await AppProcess.StartAsync(settings, port);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);
            var chinese = await NewPageAsync(browser, server);
            await BrowserFixture.SignInOnPageAsync(chinese, "secretary");
            var english = await NewPageAsync(browser, server);
            await BrowserFixture.SignInOnPageAsync(english, "leader");
            await english.GotoAsync("culture?name=en-US&returnUrl=/");
            await BrowserFixture.WaitForCircuitAsync(english);
            await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("My work");
            foreach (var page in new[] { chinese, english })
            {
                await Assertions.Expect(page.Locator("[data-testid=reconnect-modal]")).ToBeHiddenAsync();
                await page.ClickAsync("[data-testid=refresh]");
                await page.EvaluateAsync("() => window.rectifyBeforeRestart = true");
            }

            await Assertions.Expect(chinese.Locator("[data-testid=refreshed]")).ToHaveTextAsync("已刷新 1 次");
            Step($"two users signed in on {port}");

            server.Kill();
            Step("server killed");

            // What each user sees: a dialog in their language over the page, no English for the Chinese user.
            await Assertions.Expect(chinese.Locator("[data-testid=reconnect-modal]")).ToBeVisibleAsync();
            await Assertions.Expect(chinese.Locator("[data-testid=reconnect-first]")).ToBeVisibleAsync();
            await Assertions.Expect(chinese.Locator("[data-testid=reconnect-first]")).ToHaveTextAsync("与服务器的连接已断开，正在重新连接……");
            await Assertions.Expect(chinese.Locator("[data-testid=reconnect-retrying]")).ToBeVisibleAsync();
            await Assertions.Expect(chinese.Locator("[data-testid=reconnect-retrying]")).ToHaveTextAsync(RetryingInChinese());
            (await chinese.Locator("[data-testid=reconnect-modal]").InnerTextAsync()).ShouldNotContain("Rejoin");
            await Assertions.Expect(english.Locator("[data-testid=reconnect-first]")).ToBeVisibleAsync();
            await Assertions.Expect(english.Locator("[data-testid=reconnect-first]")).ToHaveTextAsync("The connection to the server was lost; rejoining…");
            // The page behind the dialog cannot be clicked while it is open (a modal dialog).
            (await chinese.EvaluateAsync<bool>("() => document.getElementById('components-reconnect-modal').open")).ShouldBeTrue();
            // docs/screenshots/reconnecting.png with RECTIFY_WRITE_SCREENSHOTS=1 (otherwise a temp file).
            var shot = Environment.GetEnvironmentVariable("RECTIFY_WRITE_SCREENSHOTS") == "1"
                ? Path.Combine(AppProcess.RepositoryRoot, "docs", "screenshots", "reconnecting.png")
                : Path.Combine(Path.GetTempPath(), $"reconnecting-{Guid.NewGuid():N}.png");
            await chinese.ScreenshotAsync(new() { Path = shot });
            output.WriteLine($"screenshot: {shot}");
            Step("reconnect dialogs shown");

            server.Dispose();
            server = await AppProcess.StartAsync(settings, port);
            Step("server started again on the same port and database");

            foreach (var (page, name, heading, refreshed) in new[] { (chinese, "赵敏", "我的待办", "已刷新 1 次"), (english, "李建国", "My work", "Refreshed 1 times") })
            {
                // The new process does not know the old circuit: the page loads itself anew, still signed in (the cookie's
                // keys are in the database), and its new circuit answers clicks.
                await page.WaitForFunctionAsync("() => window.rectifyBeforeRestart !== true", null, new() { Timeout = 90_000 });
                await BrowserFixture.WaitForCircuitAsync(page);
                page.Url.ShouldNotContain("/Account/Login");
                await Assertions.Expect(page.Locator("[data-testid=reconnect-modal]")).ToBeHiddenAsync();
                await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync(name);
                await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
                await page.ClickAsync("[data-testid=refresh]");
                await Assertions.Expect(page.Locator("[data-testid=refreshed]")).ToHaveTextAsync(new Regex("^" + Regex.Escape(refreshed).Replace("1", "\\d+", StringComparison.Ordinal) + "$"));
            }

            Step("both pages usable again, signed in");
        }
        finally
        {
            if (!server.HasExited)
            {
                output.WriteLine(server.Output);
            }

            server.Dispose();
        }
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, AppProcess server)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        return await context.NewPageAsync();
    }

    [GeneratedRegex(@"^重新连接未成功，将在 \d+ 秒后再试。$")]
    private static partial Regex RetryingInChinese();
}
