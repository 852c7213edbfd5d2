using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Benchmarks;
using Rectify.Web.Jobs;

// Rectify.Benchmarks                          BenchmarkDotNet (pass --filter '*ItemList*' etc.), in process, on the configured database
// Rectify.Benchmarks once export|reminder     one run in a fresh process: elapsed time and peak RSS (VmHWM), for memory figures
// Rectify.Benchmarks import-lock N           one import of N rows: its total time and the longest time it keeps other writers out
// Rectify.Benchmarks circuits URL N [USER]    opens N signed-in Blazor sessions in Chromium and reports the server's memory per circuit
// Rectify.Benchmarks list-wait URL USER PATH N   the item list as a user waits for it in Chromium: new tab, and through the menu
// Rectify.Benchmarks circuit-clients URL N SECONDS   opens N circuits with clients speaking Blazor's protocol (no browser), holds them
// Rectify.Benchmarks cluster-load URL SECONDS OUTDIR   users of every role and Blazor circuits through nginx (bench/cluster-load.sh)
switch (args)
{
    case ["once", var what, ..]:
        return await OnceAsync(what);
    case ["import-lock", var rows, ..]:
        return await ImportLock.RunAsync(int.Parse(rows, CultureInfo.InvariantCulture));
    case ["circuits", var url, var count, ..]:
        return await Circuits.RunAsync(url, int.Parse(count, CultureInfo.InvariantCulture), args.Length > 3 ? args[3] : "bench.admin", args.Length > 4 ? args[4] : "/items?due=Overdue");
    case ["list-wait", var url, var user, var path, var count]:
        return await ListWait.RunAsync(url, user, path, int.Parse(count, CultureInfo.InvariantCulture));
    case ["circuit-clients", var url, var count, var seconds]:
        return await CircuitClientsAsync(url, int.Parse(count, CultureInfo.InvariantCulture), int.Parse(seconds, CultureInfo.InvariantCulture));
    case ["cluster-load", var url, var seconds, var outDir]:
        return await ClusterLoad.RunAsync(url, int.Parse(seconds, CultureInfo.InvariantCulture), outDir);
    default:
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(20))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max)
            .WithArtifactsPath(Environment.GetEnvironmentVariable("RECTIFY_BENCH_ARTIFACTS") ?? Path.Combine(Path.GetTempPath(), "rectify-bench-artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(BenchHost).Assembly).Run(args, config);
        return 0;
}

static async Task<int> CircuitClientsAsync(string url, int count, int seconds)
{
    // RECTIFY_LOAD_INSTANCES (comma-separated instance URLs) is where rectify_circuits_open is read; the URL itself by default.
    if (Environment.GetEnvironmentVariable("RECTIFY_LOAD_INSTANCES") is null or "")
    {
        Environment.SetEnvironmentVariable("RECTIFY_LOAD_INSTANCES", url);
    }

    await using var clients = await ProtocolCircuits.OpenAsync(url, count, TimeSpan.FromSeconds(600),
        int.TryParse(Environment.GetEnvironmentVariable("RECTIFY_LOAD_OPEN_PARALLEL"), CultureInfo.InvariantCulture, out var p) ? p : 10);
    Console.Write(await clients.WatchAsync(Path.Combine(Path.GetTempPath(), $"rectify-circuit-clients-{Environment.ProcessId}-kill"), DateTimeOffset.UtcNow.AddSeconds(seconds)));
    return clients.Circuits.All(c => c.Interactive) ? 0 : 1;
}

static async Task<int> OnceAsync(string what)
{
    _ = BenchHost.Services;
    var admin = await BenchHost.AccessAsync("bench.admin");
    // RECTIFY_ONCE_REPEAT=N runs it N times in the same process: the first run is the cold one, the others warm; each run
    // prints its wall time beside the process's CPU time and the bytes allocated, which a loaded machine inflates far less.
    var repeat = int.TryParse(Environment.GetEnvironmentVariable("RECTIFY_ONCE_REPEAT"), CultureInfo.InvariantCulture, out var n) ? n : 1;
    for (var run = 1; run < repeat; run++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var wall = Stopwatch.StartNew();
        var done = what switch
        {
            "export" => await Export.RunAsync(admin, Path.Combine(Path.GetTempPath(), $"rectify-once-{Environment.ProcessId}.xlsx")),
            "export-read" => await Export.ReadOnlyAsync(admin),
            _ => 0,
        };
        Console.WriteLine($"run {run} of {repeat}: {what} {done} rows in {wall.Elapsed.TotalMilliseconds:F0} ms, process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms, allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1024 / 1024} MB; load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    var lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var started = Stopwatch.StartNew();
    string outcome;
    switch (what)
    {
        case "export":
            var file = Path.Combine(Path.GetTempPath(), $"rectify-once-{Environment.ProcessId}.xlsx");
            var rows = await Export.RunAsync(admin, file);
            outcome = $"{rows} rows, {new FileInfo(file).Length / 1024 / 1024.0:F1} MB file";
            File.Delete(file);
            break;
        case "export-read":
            outcome = $"{await Export.ReadOnlyAsync(admin)} rows read (no file written)";
            break;
        case "reminder":
            using (var scope = BenchHost.Services.CreateScope())
            {
                new ReminderBenchmarks().EmptyOutbox();
                var result = await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(DateTimeOffset.UtcNow);
                outcome = $"{result.Enqueued} digests enqueued";
            }

            break;
        case "list-overdue-admin" or "list-overdue-leader" or "list-filtered-leader":
            var access = what.EndsWith("admin", StringComparison.Ordinal) ? admin : await BenchHost.AccessAsync("bench.leader2");
            var filter = what.Contains("overdue", StringComparison.Ordinal)
                ? new Rectify.Web.Ledger.ItemFilter { Due = Rectify.Web.Ledger.DueFilter.Overdue }
                : new Rectify.Web.Ledger.ItemFilter { Status = Rectify.Domain.Ledger.ItemStatus.InProgress, Category = "作风建设", Source = Rectify.Domain.Ledger.ProblemSource.OrganizationalLifeMeeting };
            using (var scope = BenchHost.Services.CreateScope())
            {
                var page = await scope.ServiceProvider.GetRequiredService<Rectify.Web.Ledger.ItemQueries>().ListAsync(access, filter);
                outcome = $"{page.Rows.Count} rows of {page.Total}";
            }

            break;
        case "overview-admin" or "overview-leader":
            var viewer = what.EndsWith("admin", StringComparison.Ordinal) ? admin : await BenchHost.AccessAsync("bench.leader2");
            using (var scope = BenchHost.Services.CreateScope())
            {
                var figures = await scope.ServiceProvider.GetRequiredService<Rectify.Web.Overview.OverviewQueries>().GetAsync(viewer);
                outcome = $"{figures.Total} items, {figures.Branches.Count} organisations, {figures.Overdue} overdue";
            }

            break;
        default:
            Console.Error.WriteLine("once export|export-read|reminder|list-overdue-admin|list-overdue-leader|list-filtered-leader|overview-admin|overview-leader");
            return 2;
    }

    started.Stop();
    var hwm = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM", StringComparison.Ordinal)) ?? "";
    Console.WriteLine($"{what} ({BenchHost.Provider}): {outcome} in {started.Elapsed.TotalSeconds:F2} s (process CPU {(Process.GetCurrentProcess().TotalProcessorTime - lastCpu).TotalMilliseconds:F0} ms); peak RSS {hwm.Split(':')[^1].Trim()} (whole process, incl. the runtime and the app's services); GC allocated {GC.GetTotalAllocatedBytes() / 1024 / 1024} MB");
    return 0;
}
