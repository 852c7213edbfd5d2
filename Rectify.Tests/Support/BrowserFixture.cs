using Microsoft.Playwright;

namespace Rectify.Tests.Support;

/// <summary>
/// One running app and one headless Debian Chromium shared by the browser tests of a collection. Each test gets its own
/// browser context (cookies, storage), so tests do not see each other's sign-ins.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public RectifyFactory App { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseUrl = App.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, with the switches a container without a GPU or sandbox needs.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh, which installs Debian's chromium.");
        }

        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
        });
        // Generous: on a 2-core machine running the whole suite in parallel a first render can take seconds.
        context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login form and waits until the interactive circuit is up on the home page.</summary>
    public async Task<IPage> SignInAsync(string userName, string password = Rectify.Web.Data.Seeder.DemoPassword, ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(viewport);
        await SignInOnPageAsync(page, userName, password);
        return page;
    }

    /// <summary>Fills the login form on <paramref name="page"/> and waits until the interactive circuit is up.</summary>
    public static async Task SignInOnPageAsync(IPage page, string userName, string password = Rectify.Web.Data.Seeder.DemoPassword)
    {
        await page.GotoAsync("Account/Login");
        await page.FillAsync("#Input\\.UserName", userName);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await WaitForCircuitAsync(page);
    }

    /// <summary>Waits until the page's interactive circuit is connected (clicks before that do nothing).</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-testid=circuit][data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });

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
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
