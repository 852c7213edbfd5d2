using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using static Microsoft.Playwright.Assertions;
using static Rectify.Tests.Overview.OverviewData;

namespace Rectify.Tests.Overview;

/// <summary>
/// Its own app (fixed day 2026-11-18, the rich overview ledger) and Chromium, in its own collection: the shared browser
/// app's demo ledger is left alone, and the numbers here are known. Collections run one after another, so the two apps
/// never render at the same time (see BrowserFixture).
/// </summary>
public sealed class OverviewBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public RectifyFactory App { get; } = new FixedClockFactory(Now);

    public IBrowser Browser { get; private set; } = null!;

    private string BaseUrl { get; set; } = "";

    /// <summary>Script errors and console errors of every page (the charts must not break anything).</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> Errors { get; } = [];

    public async Task InitializeAsync()
    {
        BaseUrl = App.StartKestrel();
        await SeedRichAsync(App);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    public async Task<IPage> SignInAsync(string userName, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            DeviceScaleFactor = viewport is { Width: < 600 } ? 2 : 1,
        });
        context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => Errors.Add(error);
        page.Console += (_, message) =>
        {
            // A failed request is recorded with its address below (the browser's own favicon request is not the page's).
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Errors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                Errors.Add($"{response.Status} {response.Url}");
            }
        };
        await BrowserFixture.SignInOnPageAsync(page, userName);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OverviewBrowserCollection : ICollectionFixture<OverviewBrowserFixture>
{
    public const string Name = "overview-browser";
}

[Collection(OverviewBrowserCollection.Name)]
public sealed class OverviewBrowserTests(OverviewBrowserFixture fixture)
{
    [Fact]
    public async Task Leader_opens_the_overview_from_the_menu_and_follows_the_red_branch_to_its_overdue_items()
    {
        var expected = await OverdueDescriptionsAsync(Welfare);
        expected.ShouldContain("W1 深入基层调研不够");
        expected.Count.ShouldBeGreaterThan(1);

        var page = await fixture.SignInAsync("leader");
        await page.ClickAsync("nav >> text=领导驾驶舱");
        await page.WaitForURLAsync("**/overview");
        await Expect(page.Locator("h1")).ToHaveTextAsync("领导驾驶舱");
        await Expect(page.Locator("[data-testid=scope]")).ToContainTextAsync("统计范围：全部党组织");

        var welfare = page.Locator("[data-testid=branch]").Filter(new() { Has = page.Locator("[data-testid=branch-name]", new() { HasTextString = Welfare }) });
        await Expect(welfare).ToHaveAttributeAsync("data-light", "Red");
        await Expect(welfare.Locator("[data-testid=branch-light]")).ToContainTextAsync("红灯");
        await Expect(welfare.Locator("[data-testid=branch-overdue]")).ToHaveTextAsync(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await welfare.Locator("[data-testid=branch-light]").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/items?", StringComparison.Ordinal));
        await Expect(page.Locator("[data-testid=filter-due]")).ToHaveValueAsync("Overdue");
        await Expect(page.Locator("[data-testid=total]")).ToContainTextAsync(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rows = page.Locator("[data-testid=item-row]");
        await Expect(rows).ToHaveCountAsync(expected.Count);
        (await rows.Locator("[data-testid=item-description]").AllInnerTextsAsync()).ShouldBe(expected, ignoreOrder: true);
        (await rows.Locator("[data-testid=item-organization]").AllInnerTextsAsync()).Distinct().ShouldBe([Welfare]);
        foreach (var light in await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.light)"))
        {
            light.ShouldBe("Red");
        }
    }

    [Fact]
    public async Task Leader2_sees_only_their_branches_and_the_charts_are_drawn()
    {
        var page = await fixture.SignInAsync("leader2");
        await page.GotoAsync("overview");
        await BrowserFixture.WaitForCircuitAsync(page);

        await Expect(page.Locator("[data-testid=scope]")).ToContainTextAsync("您包抓的党组织");
        (await page.Locator("[data-testid=branch-name]").AllInnerTextsAsync()).ShouldBe([Affairs, Office], ignoreOrder: true);
        await page.WaitForTimeoutAsync(500);
        fixture.Errors.ShouldBeEmpty();
        foreach (var chart in new[] { "chart-ranking", "chart-status", "chart-trend", "chart-sources", "chart-categories" })
        {
            await Expect(page.Locator($"[data-testid={chart}] canvas")).ToHaveCountAsync(1);
        }
    }

    /// <summary>
    /// docs/screenshots/overview.png (1280 wide, whole page) and overview-phone.png (390 wide): 李建国, the top leader.
    /// Written into the repository only with RECTIFY_WRITE_SCREENSHOTS=1 (otherwise to temp files).
    /// </summary>
    [Fact]
    public async Task Overview_screenshots_on_a_desktop_and_a_phone()
    {
        foreach (var (name, viewport) in new[] { ("overview.png", new ViewportSize { Width = 1280, Height = 900 }), ("overview-phone.png", new ViewportSize { Width = 390, Height = 844 }) })
        {
            var page = await fixture.SignInAsync("leader", viewport);
            await page.GotoAsync("overview");
            await BrowserFixture.WaitForCircuitAsync(page);
            await Expect(page.Locator("[data-testid=chart-trend] canvas")).ToHaveCountAsync(1);
            await page.EvaluateAsync("document.fonts.ready");
            await page.WaitForTimeoutAsync(1200); // ECharts' entry animation

            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            width.ShouldBeLessThanOrEqualTo(viewport.Width, "no sideways scrolling");
            var path = Environment.GetEnvironmentVariable("RECTIFY_WRITE_SCREENSHOTS") == "1"
                ? Path.Combine(RepositoryRoot(), "docs", "screenshots", name)
                : Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // The phone picture is the first screen a leader sees; the desktop one the whole page.
            await page.ScreenshotAsync(new() { Path = path, FullPage = viewport.Width > 600 });
            new FileInfo(path).Length.ShouldBeGreaterThan(10_000);
            await page.Context.CloseAsync();
        }
    }

    private async Task<List<string>> OverdueDescriptionsAsync(string organization)
    {
        await using var db = fixture.App.CreateDbContext();
        var org = await db.Organizations.Where(o => o.Name == organization).Select(o => o.Id).SingleAsync();
        return await db.Items
            .Where(i => i.ResponsibleOrganizationId == org && i.Status != ItemStatus.SignedOff && i.Status != ItemStatus.Closed && i.DueDate < Today)
            .Select(i => i.Description)
            .ToListAsync();
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
