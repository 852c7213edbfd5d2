using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Rectify.Benchmarks;

/// <summary>
/// How long a user waits for the item list in a real browser (headless Chromium, Debian's /usr/bin/chromium), beside the HTTP
/// figures of bench/page-time.sh: signs in through the login form, then N times each
/// (1) opens PATH in a new tab — the prerendered page — until the list's total is shown, and until the page's circuit is
///     connected (a user can act on the page from then on);
/// (2) goes from 我的待办 to 整改台账 through the menu inside the app (no new page: the circuit renders the list) until the total
///     is shown. A bare /items shows the user's remembered filter, which the circuit reads from the browser first.
/// (3) for comparison, opens a page with nothing on it (/not-found) in a new tab until its heading is shown.
/// Prints p50/p95/max per measure. Timings are Playwright's round trips included (a few ms).
/// </summary>
public static class ListWait
{
    public static async Task<int> RunAsync(string baseUrl, string user, string path, int count)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.TrimEnd('/') + "/" });
        await BrowserSignIn.SignInAsync(context, user);

        var shown = new List<double>();
        var interactive = new List<double>();
        var menu = new List<double>();
        var baseline = new List<double>();
        for (var i = 0; i < count + 3; i++)
        {
            // For comparison, a page with nothing on it (页面不存在), shown in a new tab.
            var empty = await context.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await empty.GotoAsync("not-found", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await empty.Locator("main h1").WaitForAsync(new() { Timeout = 60_000 });
            var emptyShown = clock.Elapsed.TotalMilliseconds;
            await empty.CloseAsync();

            var tab = await context.NewPageAsync();
            clock.Restart();
            await tab.GotoAsync(path.TrimStart('/'), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await tab.Locator("[data-testid=total]").WaitForAsync(new() { Timeout = 60_000 });
            var listShown = clock.Elapsed.TotalMilliseconds;
            await Ready(tab);
            var connected = clock.Elapsed.TotalMilliseconds;

            // Inside the app: the home page (我的待办), then the item list (整改台账) from the menu.
            await tab.Locator("nav a.nav-link[href='']").ClickAsync();
            await tab.Locator("[data-testid=total]").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 60_000 });
            // 我的待办 shown with its list (or its empty note), and a moment for its circuit work to end.
            await tab.Locator("[data-testid=work-list], [data-testid=work-empty]").First.WaitForAsync(new() { Timeout = 60_000 });
            await Task.Delay(300);
            clock.Restart();
            await tab.Locator("nav a.nav-link[href='items']").ClickAsync();
            await tab.Locator("[data-testid=total]").WaitForAsync(new() { Timeout = 60_000 });
            var viaMenu = clock.Elapsed.TotalMilliseconds;
            await tab.CloseAsync();
            if (i >= 3)
            {
                // The first three are warm-ups, as in bench/page-time.sh.
                shown.Add(listShown);
                interactive.Add(connected);
                menu.Add(viaMenu);
                baseline.Add(emptyShown);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{user}, {count} times after 3 warm-ups, load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        Print($"new tab on {path}: list shown", shown);
        Print($"new tab on {path}: circuit connected", interactive);
        Print("home → item list through the menu: list shown", menu);
        Print("new tab on an empty page (not-found): shown", baseline);
        return 0;
    }

    private static Task Ready(IPage page) =>
        page.Locator("[data-testid=circuit][data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });

    private static void Print(string what, List<double> values)
    {
        values.Sort();
        double At(double q) => values[Math.Clamp((int)Math.Ceiling(q * values.Count) - 1, 0, values.Count - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-50} p50 {At(0.5),7:F1}  p95 {At(0.95),7:F1}  max {values[^1],7:F1} ms"));
    }
}
