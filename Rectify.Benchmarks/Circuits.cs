using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Rectify.Benchmarks;

/// <summary>
/// Memory per Blazor Server circuit: signs in once in headless Chromium (Debian's /usr/bin/chromium), closes that tab, reads the
/// server's memory after a forced full collection (GET /diagnostics/memory?gc=true, admin only, the server runs with
/// Diagnostics__MemoryEndpoint=true), then opens tabs on the page ten at a time (each tab is one circuit) and reads the memory
/// again every STEP circuits (RECTIFY_BENCH_STEP, default 100) once all are connected. It prints where the resident memory is at
/// each checkpoint and the growth per circuit between checkpoints: the first step also pays one-time costs (JIT, pools, the GC's
/// first heap growth), so the later steps are the per-circuit figure. The tabs stay open while measuring, so every circuit is live.
/// </summary>
public static class Circuits
{
    public static async Task<int> RunAsync(string baseUrl, int count, string user, string path)
    {
        var step = int.TryParse(Environment.GetEnvironmentVariable("RECTIFY_BENCH_STEP"), out var s) && s > 0 ? s : 100;
        if (Environment.GetEnvironmentVariable("RECTIFY_BENCH_HOLDER") == "protocol")
        {
            return await RunWithProtocolClientsAsync(baseUrl, count, user, path, step);
        }

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
        var login = await BrowserSignIn.SignInAsync(context, user);
        // Warm the page once (JIT, caches) in a tab of its own, then close both: the first checkpoint has no circuit open.
        var warm = await context.NewPageAsync();
        await warm.GotoAsync(path.TrimStart('/'));
        await warm.Locator("[data-testid=circuit][data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        await warm.CloseAsync();
        await login.CloseAsync();

        var checkpoints = new List<(int Circuits, Memory Memory)>();
        await Task.Delay(3000);
        checkpoints.Add((0, await MemoryAsync(context)));
        var started = Stopwatch.StartNew();
        var pages = new List<IPage>();
        while (pages.Count < count)
        {
            var opened = await Task.WhenAll(Enumerable.Range(0, Math.Min(10, count - pages.Count)).Select(async _ =>
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(path.TrimStart('/'));
                await page.Locator("[data-testid=circuit][data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
                return page;
            }));
            pages.AddRange(opened);
            if (pages.Count % step == 0 || pages.Count == count)
            {
                await Task.Delay(3000);
                checkpoints.Add((pages.Count, await MemoryAsync(context)));
            }
        }

        var alive = 0;
        foreach (var page in pages)
        {
            alive += await page.Locator("[data-testid=circuit][data-state=ready]").CountAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} circuits on {path} as {user} opened in {started.Elapsed.TotalSeconds:F1} s ({alive} still connected at the end); load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        Print(checkpoints);

        // RECTIFY_BENCH_HOLD_SECONDS keeps the tabs open afterwards, e.g. to take `dotnet-dump collect --type Heap -p <server pid>` of the live circuits
        // (dotnet-gcdump on .NET 10 samples lossily and missed most of the heap).
        if (int.TryParse(Environment.GetEnvironmentVariable("RECTIFY_BENCH_HOLD_SECONDS"), out var hold) && hold > 0)
        {
            Console.WriteLine($"holding the {count} circuits open for {hold} s");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }
        return 0;
    }

    /// <summary>
    /// RECTIFY_BENCH_HOLDER=protocol: the same checkpoints with <see cref="ProtocolCircuit"/>s instead of Chromium tabs (decision 0058):
    /// the server does the same for them (page, circuit, WebSocket with permessage-deflate as a browser offers it), the client costs
    /// almost nothing, so hundreds of circuits open in a minute even on a busy machine.
    /// </summary>
    private static async Task<int> RunWithProtocolClientsAsync(string baseUrl, int count, string user, string path, int step)
    {
        var cookies = await ProtocolCircuits.SignInAsync(baseUrl, user);
        using var handler = new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(120) };
        async Task<Memory> Read() => Parse(await http.GetStringAsync("diagnostics/memory?gc=true"));

        await using (var warm = new ProtocolCircuit(baseUrl, path.TrimStart('/'), cookies, -1))
        {
            await warm.OpenAsync();
        }

        var checkpoints = new List<(int Circuits, Memory Memory)>();
        await Task.Delay(3000);
        checkpoints.Add((0, await Read()));
        var started = Stopwatch.StartNew();
        var circuits = new List<ProtocolCircuit>();
        try
        {
            while (circuits.Count < count)
            {
                var batch = Enumerable.Range(circuits.Count, Math.Min(10, count - circuits.Count)).Select(i => new ProtocolCircuit(baseUrl, path.TrimStart('/'), cookies, i)).ToList();
                await Task.WhenAll(batch.Select(c => c.OpenAsync()));
                circuits.AddRange(batch);
                if (circuits.Count % step == 0 || circuits.Count == count)
                {
                    await Task.Delay(3000);
                    checkpoints.Add((circuits.Count, await Read()));
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} circuits (protocol clients) on {path} as {user} opened in {started.Elapsed.TotalSeconds:F1} s ({circuits.Count(c => c.Interactive)} interactive at the end; problems: {string.Join("; ", circuits.SelectMany(c => c.Problems).Distinct())}); load average {File.ReadAllText("/proc/loadavg").Trim()}"));
            Print(checkpoints);
            if (int.TryParse(Environment.GetEnvironmentVariable("RECTIFY_BENCH_HOLD_SECONDS"), out var hold) && hold > 0)
            {
                Console.WriteLine($"holding the {count} circuits open for {hold} s");
                await Task.Delay(TimeSpan.FromSeconds(hold));
            }
        }
        finally
        {
            await Task.WhenAll(circuits.Select(c => c.DisposeAsync().AsTask()));
        }

        return circuits.All(c => c.Interactive) ? 0 : 1;
    }

    private static void Print(List<(int Circuits, Memory Memory)> checkpoints)
    {
        Console.WriteLine($"server GC: {checkpoints[0].Memory.GcMode}");
        Console.WriteLine("MB at each checkpoint, after a forced full collection:");
        Console.WriteLine(Row("circuits", Memory.Columns));
        foreach (var (circuits, memory) in checkpoints)
        {
            Console.WriteLine(Row(circuits.ToString(CultureInfo.InvariantCulture), memory.Values.Select((v, i) => i >= Memory.Threads ? v.ToString(CultureInfo.InvariantCulture) : Mb(v))));
        }

        Console.WriteLine("KB per circuit between checkpoints (threads, jitted: change in number):");
        for (var i = 1; i < checkpoints.Count; i++)
        {
            var (from, to) = (checkpoints[i - 1], checkpoints[i]);
            var n = to.Circuits - from.Circuits;
            Console.WriteLine(Row($"{from.Circuits}→{to.Circuits}", PerCircuit(from.Memory, to.Memory, n)));
        }

        if (checkpoints.Count > 3)
        {
            var (first, last) = (checkpoints[1], checkpoints[^1]);
            Console.WriteLine(Row($"{first.Circuits}→{last.Circuits}", PerCircuit(first.Memory, last.Memory, last.Circuits - first.Circuits)));
        }
    }

    // KB per circuit; threads: the change in their number.
    private static IEnumerable<string> PerCircuit(Memory from, Memory to, int circuits) =>
        to.Values.Zip(from.Values, (a, b) => (a, b)).Select((d, i) => i >= Memory.Threads
            ? (d.a - d.b).ToString("+0;-0;0", CultureInfo.InvariantCulture)
            : Kb((d.a - d.b) / (double)circuits));

    private static string Row(string first, IEnumerable<string> cells) =>
        first.PadRight(9) + string.Concat(cells.Select(c => c.PadLeft(12)));

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024).ToString("F1", CultureInfo.InvariantCulture);

    private static string Kb(double bytes) => (bytes / 1024).ToString("F0", CultureInfo.InvariantCulture);

    private static async Task<Memory> MemoryAsync(IBrowserContext context)
    {
        var response = await context.APIRequest.GetAsync("diagnostics/memory?gc=true");
        if (!response.Ok)
        {
            throw new InvalidOperationException($"GET /diagnostics/memory: {response.Status}. Run the server with Diagnostics__MemoryEndpoint=true and sign in as an administrator.");
        }

        return Parse(await response.TextAsync());
    }

    private static Memory Parse(string text)
    {
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        var gc = root.GetProperty("gc");
        var os = root.GetProperty("os");
        long Os(string name) => os.GetProperty(name).GetInt64();
        var settings = gc.GetProperty("settings");
        return new Memory(
            [Os("rssBytes"), Os("privateBytes"), root.GetProperty("heapSizeBytes").GetInt64(), gc.GetProperty("committedBytes").GetInt64(),
             Os("mallocInUseBytes"), Os("mallocFreeBytes"), Os("doubleMappedCodeBytes"), Os("fileBackedBytes"),
             Os("rssBytes") - gc.GetProperty("committedBytes").GetInt64() - Os("mallocInUseBytes") - Os("mallocFreeBytes") - Os("doubleMappedCodeBytes") - Os("fileBackedBytes"),
             os.GetProperty("threads").GetInt64(), os.GetProperty("jitCompiledMethods").GetInt64()],
            $"server {gc.GetProperty("server")}; settings {settings}");
    }

    /// <summary>One reading: the values in the order of <see cref="Columns"/> (bytes, threads last), and the GC's mode.</summary>
    private sealed record Memory(long[] Values, string GcMode)
    {
        // rss: the working set (VmRSS); private: not shared with other processes; heap: managed objects after the collection;
        // gc-commit: memory the GC holds (heap + free space it keeps); malloc-used/-free: the C heap (glibc) in use by native code
        // (zlib, SQLite, OpenSSL, the runtime) and kept free; code: JIT-compiled code (double-mapped); files: mapped files
        // (assemblies, libraries); rest: rss less all these (thread stacks, the runtime's own memory, malloc's space not yet touched is
        // subtracted too, so it can be negative); threads: a count; jitted: methods compiled so far.
        public static readonly string[] Columns = ["rss", "private", "heap", "gc-commit", "malloc-used", "malloc-free", "code", "files", "rest", "threads", "jitted"];
        public const int Threads = 9;
    }
}
