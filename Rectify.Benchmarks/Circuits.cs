using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Rectify.Benchmarks;

/// <summary>
/// Memory per Blazor Server circuit: signs in once in headless Chromium (Debian's /usr/bin/chromium), reads the server's memory
/// after a forced full collection (GET /diagnostics/memory?gc=true, admin only, the server runs with Diagnostics__MemoryEndpoint=true),
/// opens N more tabs on the page (each tab is one circuit), waits until every circuit is connected, reads the memory again, and
/// reports (after − before) / N. The tabs stay open while measuring, so every circuit is live.
/// </summary>
public static class Circuits
{
    public static async Task<int> RunAsync(string baseUrl, int count, string user, string path)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // Many tabs, few renderer processes: the client side is not what is measured.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--renderer-process-limit=6", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.TrimEnd('/') + "/" });
        var login = await context.NewPageAsync();
        await login.GotoAsync("Account/Login");
        await login.FillAsync("[id='Input.UserName']", user);
        await login.FillAsync("[id='Input.Password']", Environment.GetEnvironmentVariable("RECTIFY_BENCH_PASSWORD") ?? "Rectify@2026");
        await login.ClickAsync("[data-testid=login-submit]");
        await login.Locator("[data-testid=circuit][data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });

        await Task.Delay(2000);
        var before = await MemoryAsync(context);
        var started = Stopwatch.StartNew();
        var pages = new List<IPage>();
        var half = count / 20 * 10; // the batch boundary (tabs open ten at a time) nearest below count / 2
        (long Managed, long WorkingSet) middle = default;
        for (var batch = 0; batch < count; batch += 10)
        {
            if (batch == half && half > 0)
            {
                // The second half's growth leaves out one-time costs (JIT, pools, the GC's first heap growth) that the first
                // circuits pay for everyone.
                await Task.Delay(3000);
                middle = await MemoryAsync(context);
            }

            var opened = await Task.WhenAll(Enumerable.Range(0, Math.Min(10, count - batch)).Select(async _ =>
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(path.TrimStart('/'));
                await page.Locator("[data-testid=circuit][data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
                return page;
            }));
            pages.AddRange(opened);
        }

        await Task.Delay(3000);
        var after = await MemoryAsync(context);
        var alive = 0;
        foreach (var page in pages)
        {
            alive += await page.Locator("[data-testid=circuit][data-state=ready]").CountAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {count} circuits on {path} as {user} opened in {started.Elapsed.TotalSeconds:F1} s ({alive} still connected when measured)
            before (1 circuit): managed {Mb(before.Managed)} MB, working set {Mb(before.WorkingSet)} MB
            after ({count + 1} circuits): managed {Mb(after.Managed)} MB, working set {Mb(after.WorkingSet)} MB
            per circuit: managed {(after.Managed - before.Managed) / 1024.0 / count:F0} KB, working set {(after.WorkingSet - before.WorkingSet) / 1024.0 / count:F0} KB
            after {half + 1} circuits: managed {Mb(middle.Managed)} MB, working set {Mb(middle.WorkingSet)} MB
            per circuit over the last {count - half}: managed {(after.Managed - middle.Managed) / 1024.0 / Math.Max(1, count - half):F0} KB, working set {(after.WorkingSet - middle.WorkingSet) / 1024.0 / Math.Max(1, count - half):F0} KB
            """));

        // RECTIFY_BENCH_HOLD_SECONDS keeps the tabs open afterwards, e.g. to take `dotnet-dump collect --type Heap -p <server pid>` of the live circuits
        // (dotnet-gcdump on .NET 10 samples lossily and missed most of the heap).
        if (int.TryParse(Environment.GetEnvironmentVariable("RECTIFY_BENCH_HOLD_SECONDS"), out var hold) && hold > 0)
        {
            Console.WriteLine($"holding the {count} circuits open for {hold} s");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }
        return 0;
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024).ToString("F1", CultureInfo.InvariantCulture);

    private static async Task<(long Managed, long WorkingSet)> MemoryAsync(IBrowserContext context)
    {
        var response = await context.APIRequest.GetAsync("diagnostics/memory?gc=true");
        if (!response.Ok)
        {
            throw new InvalidOperationException($"GET /diagnostics/memory: {response.Status}. Run the server with Diagnostics__MemoryEndpoint=true and sign in as an administrator.");
        }

        using var json = JsonDocument.Parse(await response.TextAsync());
        return (json.RootElement.GetProperty("managedBytes").GetInt64(), json.RootElement.GetProperty("workingSetBytes").GetInt64());
    }
}
