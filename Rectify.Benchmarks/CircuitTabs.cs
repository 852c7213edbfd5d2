using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace Rectify.Benchmarks;

/// <summary>
/// Blazor circuits held open for <see cref="ClusterLoad"/>: headless Chromium (Debian's /usr/bin/chromium) signs in as an
/// administrator, a 包抓 leader and a secretary (one browser context each) and opens N tabs on their item lists and the
/// overview, ten at a time; each tab is one live circuit over nginx's WebSocket. When the kill file appears (an instance was
/// SIGKILLed) it watches every tab: a tab whose circuit was on the dead instance reconnects through nginx, is refused by the
/// survivor and reloads itself (a new performance.timeOrigin) with a new circuit there. A dead circuit leaves its page's last
/// render in place, so what counts is the circuits the instances still alive hold (rectify_circuits_open), against the number
/// of tabs, and how many tabs ended on the login page (the sign-in cookie not honoured by the other instance).
/// </summary>
public sealed class CircuitTabs : IAsyncDisposable
{
    private readonly StringBuilder _report = new();
    private readonly List<IPage> _tabs = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private (bool Ready, double Origin, string Path)[] _before = [];

    /// <summary>Signs in and opens the tabs, ten at a time, for at most <paramref name="openFor"/>; never throws (failures are reported).</summary>
    public static async Task<CircuitTabs> OpenAsync(string baseUrl, int count, TimeSpan openFor)
    {
        var tabs = new CircuitTabs();
        var inv = CultureInfo.InvariantCulture;
        var started = Stopwatch.StartNew();
        var failedToOpen = 0;
        try
        {
            tabs._playwright = await Playwright.CreateAsync();
            tabs._browser = await tabs._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--renderer-process-limit=6", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
            });

            (string User, string Path)[] kinds = [("bench.admin", "items?due=Overdue"), ("bench.leader2", "overview"), ("bench.secretary", "items?due=Unfinished")];
            var contexts = new List<IBrowserContext>();
            foreach (var (user, _) in kinds)
            {
                var context = await tabs._browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.TrimEnd('/') + "/" });
                var login = await context.NewPageAsync();
                await login.GotoAsync("Account/Login", new() { Timeout = 180_000 });
                await login.FillAsync("[id='Input.UserName']", user);
                await login.FillAsync("[id='Input.Password']", "Rectify@2026");
                await login.ClickAsync("[data-testid=login-submit]");
                await Ready(login).WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 180_000 });
                await login.CloseAsync();
                contexts.Add(context);
            }

            for (var batch = 0; batch < count && started.Elapsed < openFor; batch += 10)
            {
                var opened = await Task.WhenAll(Enumerable.Range(batch, Math.Min(10, count - batch)).Select(async i =>
                {
                    var page = await contexts[i % kinds.Length].NewPageAsync();
                    try
                    {
                        await page.GotoAsync(kinds[i % kinds.Length].Path, new() { Timeout = 120_000 });
                        await Ready(page).WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
                    }
                    catch (Exception e) when (e is TimeoutException or PlaywrightException)
                    {
                        Interlocked.Increment(ref failedToOpen);
                    }

                    return page;
                }));
                tabs._tabs.AddRange(opened);
            }

            tabs._before = await Task.WhenAll(tabs._tabs.Select(StateAsync));
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            tabs._report.AppendLine(inv, $"circuits: FAILED while opening: {e.Message.Split('\n')[0]}");
        }

        tabs._report.AppendLine(inv, $"circuits: {tabs._tabs.Count} of {count} tabs opened in {started.Elapsed.TotalSeconds:F0} s ({failedToOpen} not interactive within 120 s); {tabs._before.Count(s => s.Ready)} interactive when the load started");
        return tabs;
    }

    /// <summary>
    /// Holds the circuits until <paramref name="deadline"/>; when the kill file appears, waits (at most 180 s) until every tab is
    /// interactive again and reports which reloaded and whether they are still signed in. Returns the report.
    /// </summary>
    public async Task<string> WatchAsync(string killFile, DateTimeOffset deadline)
    {
        var inv = CultureInfo.InvariantCulture;
        try
        {
            long? killedAt = null;
            while (DateTimeOffset.UtcNow < deadline && killedAt is null)
            {
                await Task.Delay(1000);
                if (File.Exists(killFile) && long.TryParse((await File.ReadAllTextAsync(killFile)).Trim(), CultureInfo.InvariantCulture, out var k))
                {
                    killedAt = k;
                }
            }

            if (killedAt is { } killed && _tabs.Count > 0)
            {
                // A dead circuit leaves its page's last render (data-state=ready) in place, so the page alone cannot tell: count the
                // circuits the instances still alive hold (rectify_circuits_open on /metrics) until they hold one per tab, or 180 s.
                var watch = DateTimeOffset.UtcNow;
                long held;
                while ((held = await CircuitsHeldAsync()) < _tabs.Count && DateTimeOffset.UtcNow - watch < TimeSpan.FromSeconds(180))
                {
                    await Task.Delay(2000);
                }

                var back = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - killed) / 1000.0;
                var now = await Task.WhenAll(_tabs.Select(StateAsync));
                var reloaded = now.Where((s, i) => s.Origin > _before[i].Origin).ToList();
                _report.AppendLine(inv, $"circuits after the kill: the instances alive hold {held} circuits for {_tabs.Count} tabs {(held >= _tabs.Count ? $"{back:F1} s after the kill" : "after 180 s (NOT all back)")}; {reloaded.Count} tabs reloaded their page, {now.Count(s => s.Path.Contains("Login", StringComparison.OrdinalIgnoreCase))} tabs are on the login page");
            }

            var rest = deadline - DateTimeOffset.UtcNow;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }

            var end = await Task.WhenAll(_tabs.Select(StateAsync));
            _report.AppendLine(inv, $"circuits at the end: the instances alive hold {await CircuitsHeldAsync()} circuits for {_tabs.Count} tabs; {end.Count(s => s.Path.Contains("Login", StringComparison.OrdinalIgnoreCase))} tabs on the login page");
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            _report.AppendLine(inv, $"circuits: FAILED while watching: {e.Message.Split('\n')[0]}");
        }

        return _report.ToString();
    }

    /// <summary>The sum of rectify_circuits_open over the instances in RECTIFY_LOAD_INSTANCES that answer.</summary>
    internal static async Task<long> CircuitsHeldAsync() => (await CircuitsPerInstanceAsync()).Sum(i => i.Open ?? 0);

    /// <summary>rectify_circuits_open of each instance in RECTIFY_LOAD_INSTANCES (null: it does not answer).</summary>
    internal static async Task<List<(string Instance, long? Open)>> CircuitsPerInstanceAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var result = new List<(string, long?)>();
        foreach (var instance in (Environment.GetEnvironmentVariable("RECTIFY_LOAD_INSTANCES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                var metrics = await http.GetStringAsync(instance.TrimEnd('/') + "/metrics");
                var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("rectify_circuits_open", StringComparison.Ordinal));
                result.Add((instance, line is not null && double.TryParse(line[(line.IndexOf("} ", StringComparison.Ordinal) + 2)..].Split(' ')[0], CultureInfo.InvariantCulture, out var open) ? (long)open : 0));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                result.Add((instance, null)); // the killed instance
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static ILocator Ready(IPage page) => page.Locator("[data-testid=circuit][data-state=ready]");

    private static async Task<(bool Ready, double Origin, string Path)> StateAsync(IPage page)
    {
        try
        {
            var state = await page.EvaluateAsync<string[]>(
                "() => [document.querySelector('[data-testid=circuit]')?.dataset.state ?? '', String(performance.timeOrigin), location.pathname]");
            return (state[0] == "ready", double.Parse(state[1], CultureInfo.InvariantCulture), state[2]);
        }
        catch (PlaywrightException)
        {
            // Navigating (the reload after a refused reconnection): not ready yet.
            return (false, 0, "");
        }
    }
}
