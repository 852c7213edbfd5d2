using Microsoft.Playwright;
using Rectify.Tests.ItemDetail;
using Rectify.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Rectify.Tests.Browser;

/// <summary>
/// On a 390-pixel-wide phone: the top bar keeps every label on one line (the account actions move into the menu), and the
/// item list, an item and the overview fit the screen. Screenshots go to docs/screenshots/phone-*.png only with
/// RECTIFY_WRITE_SCREENSHOTS=1 (otherwise to temp files), so test runs leave the tree clean.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneLayoutTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly ItemDetailKit _app = new(browser);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task On_a_phone_the_top_bar_keeps_one_line_and_the_account_actions_are_in_the_menu()
    {
        var itemId = await _app.CreateItemAsync("手机查看测试事项：理论学习不够深入系统。");
        var page = await _app.SignInAsync("leader2", Phone);

        foreach (var (name, url) in new[] { ("top-bar", ""), ("item-list", "items"), ("item", $"items/{itemId}"), ("overview", "overview") })
        {
            await page.GotoAsync(url);
            await BrowserFixture.WaitForCircuitAsync(page);
            await page.EvaluateAsync("document.fonts.ready");

            // Nothing in the bar wraps: every visible label is one line high.
            var heights = await page.EvaluateAsync<double[]>(
                "[...document.querySelectorAll('.rectify-topbar a, .rectify-topbar button')].filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().height)");
            heights.ShouldNotBeEmpty();
            heights.ShouldAllBe(h => h <= 40, $"{name}: a top-bar label wraps ({string.Join(", ", heights)})");
            await Expect(page.Locator("[data-testid=logout]")).ToBeHiddenAsync();
            // The page is as wide as the phone: no sideways scrolling.
            (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, name);
            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"phone-{name}.png") });
        }

        await page.ClickAsync("[data-testid=menu-toggle]");
        await Expect(page.Locator("[data-testid=menu-account]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=menu-account]")).ToContainTextAsync("修改密码");
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("phone-menu.png") });
        await page.ClickAsync("[data-testid=menu-logout]");
        await Expect(page.Locator("[data-testid=current-user]")).ToHaveCountAsync(0);
        (await page.Context.APIRequest.GetAsync($"items/{itemId}", new() { MaxRedirects = 0 })).Status.ShouldBe(302);
    }

    [Fact]
    public async Task On_a_wide_screen_the_account_actions_stay_in_the_top_bar()
    {
        var page = await _app.SignInAsync("leader2", new() { Width = 1280, Height = 900 });
        await page.GotoAsync("items");
        await BrowserFixture.WaitForCircuitAsync(page);

        await Expect(page.Locator("[data-testid=logout]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=menu-account]")).ToBeHiddenAsync();
    }

    private static string ScreenshotPath(string fileName)
    {
        if (Environment.GetEnvironmentVariable("RECTIFY_WRITE_SCREENSHOTS") != "1")
        {
            return Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{fileName}");
        }

        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rectify.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Rectify.sln not found"), "docs", "screenshots", fileName);
    }
}
