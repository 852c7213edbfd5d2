using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.LedgerIO;
using Rectify.Web.Mail;
using Rectify.Web.Overview;

namespace Rectify.Benchmarks;

/// <summary>The item list's first page (ItemQueries.ListAsync: count + page with names joined), as an administrator and as a 包抓 leader see it.</summary>
public class ItemListBenchmarks
{
    private AccessContext _admin = null!;
    private AccessContext _leader = null!;
    private ItemQueries _queries = null!;

    [GlobalSetup]
    public void Setup()
    {
        _admin = BenchHost.AccessAsync("bench.admin").GetAwaiter().GetResult();
        _leader = BenchHost.AccessAsync("bench.leader2").GetAwaiter().GetResult();
        _queries = BenchHost.Services.CreateScope().ServiceProvider.GetRequiredService<ItemQueries>();
    }

    private static readonly ItemFilter Overdue = new() { Due = DueFilter.Overdue };

    // A typical narrowing: one status, one category, one source.
    private static readonly ItemFilter Filtered = new() { Status = ItemStatus.InProgress, Category = "作风建设", Source = ProblemSource.OrganizationalLifeMeeting };

    [Benchmark]
    public Task<ItemPage> Overdue_first_page_admin() => _queries.ListAsync(_admin, Overdue);

    [Benchmark]
    public Task<ItemPage> Overdue_first_page_leader() => _queries.ListAsync(_leader, Overdue);

    [Benchmark]
    public Task<ItemPage> Filtered_first_page_admin() => _queries.ListAsync(_admin, Filtered);

    [Benchmark]
    public Task<ItemPage> Filtered_first_page_leader() => _queries.ListAsync(_leader, Filtered);

    [Benchmark]
    public Task<ItemPage> Unfiltered_first_page_admin() => _queries.ListAsync(_admin, new ItemFilter());
}

/// <summary>
/// The leaders' overview (领导总览): everything the /overview page computes, i.e. OverviewQueries.GetAsync (four GROUP BY queries
/// over the scoped item query plus the ranking in memory), as the administrator, the top leader (both see the whole ledger) and a
/// 包抓 leader (bench.leader2: one 党总支 and its branches). Target &lt; 100 ms at 100k items.
/// </summary>
public class OverviewBenchmarks
{
    private AccessContext _admin = null!;
    private AccessContext _topLeader = null!;
    private AccessContext _leader = null!;
    private OverviewQueries _queries = null!;

    [GlobalSetup]
    public void Setup()
    {
        _admin = BenchHost.AccessAsync("bench.admin").GetAwaiter().GetResult();
        _topLeader = BenchHost.AccessAsync("bench.leader").GetAwaiter().GetResult();
        _leader = BenchHost.AccessAsync("bench.leader2").GetAwaiter().GetResult();
        _queries = BenchHost.Services.CreateScope().ServiceProvider.GetRequiredService<OverviewQueries>();
    }

    [Benchmark]
    public Task<OverviewFigures> Overview_admin() => _queries.GetAsync(_admin);

    [Benchmark]
    public Task<OverviewFigures> Overview_top_leader() => _queries.GetAsync(_topLeader);

    [Benchmark]
    public Task<OverviewFigures> Overview_leader() => _queries.GetAsync(_leader);
}

/// <summary>The daily reminder run: load unfinished items, decide the digests, compose and enqueue them all (one SaveChanges).</summary>
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1)]
public class ReminderBenchmarks
{
    private IServiceScope _scope = null!;

    [IterationSetup]
    public void EmptyOutbox()
    {
        using var db = BenchHost.Services.GetRequiredService<IDbContextFactory<RectifyDbContext>>().CreateDbContext();
        db.Set<OutboxMessage>().ExecuteDelete();
        _scope = BenchHost.Services.CreateScope();
    }

    [Benchmark]
    public Task<RunResult> Reminder_run() => _scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(DateTimeOffset.UtcNow);

    [IterationCleanup]
    public void Cleanup() => _scope.Dispose();
}

/// <summary>
/// The outbox dispatcher sending <see cref="Messages"/> due messages to the SMTP server named by Mail__Host/Mail__Port (the
/// benchmark scripts start aiosmtpd); the reported time is per message. One run sends them all (Mail:RunSeconds permitting).
/// </summary>
[WarmupCount(2)]
[IterationCount(8)]
[InvocationCount(1)]
public class DispatchBenchmarks
{
    public const int Messages = 500;

    [IterationSetup]
    public void FillOutbox()
    {
        var mail = BenchHost.Services.GetRequiredService<IOptions<MailOptions>>().Value;
        if (!mail.UsesSmtp)
        {
            throw new InvalidOperationException("Set Mail__Host and Mail__Port (bench/run-benchmarks.sh starts aiosmtpd).");
        }

        using var db = BenchHost.Services.GetRequiredService<IDbContextFactory<RectifyDbContext>>().CreateDbContext();
        db.Set<OutboxMessage>().ExecuteDelete();
        var now = DateTimeOffset.UtcNow;
        var run = Guid.NewGuid().ToString("N");
        for (var i = 0; i < Messages; i++)
        {
            db.Set<OutboxMessage>().Add(OutboxMessage.Create($"bench:{run}:{i}", "OwnerDeadlines", "bench", $"user{i}@rectify.local", "测试用户",
                "【整改提醒】您有3项整改事项即将到期", "以下整改事项需要您关注：\n编号：2026-民主生活会-001\n问题：党员学习教育还需加强", "<p>以下整改事项需要您关注：</p>", now.AddSeconds(-1)));
        }

        db.SaveChangesAsync().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<DispatchResult> Dispatch_per_message()
    {
        var result = await BenchHost.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        return result.Sent == Messages ? result : throw new InvalidOperationException($"Sent {result.Sent} of {Messages}: is the SMTP server running?");
    }

    /// <summary>The same run with a transport that accepts every message at once: what the outbox's database work costs alone.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<DispatchResult> Dispatch_per_message_database_only()
    {
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(BenchHost.Services, new AcceptingTransport());
        var result = await dispatcher.DispatchDueAsync();
        return result.Sent == Messages ? result : throw new InvalidOperationException($"Sent {result.Sent} of {Messages}.");
    }

    /// <summary>The same 500 messages straight through one SMTP batch, without the outbox: what the transport and server cost alone.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task Smtp_transport_only_per_message()
    {
        var transport = BenchHost.Services.GetRequiredService<IMailTransport>();
        await using var batch = transport.OpenBatch();
        for (var i = 0; i < Messages; i++)
        {
            await batch.SendAsync(new OutgoingMail($"user{i}@rectify.local", "测试用户", "【整改提醒】您有3项整改事项即将到期",
                "以下整改事项需要您关注：\n编号：2026-民主生活会-001\n问题：党员学习教育还需加强", "<p>以下整改事项需要您关注：</p>",
                $"<rectify.bench-{i}@rectify.local>"), CancellationToken.None);
        }
    }

    private sealed class AcceptingTransport : IMailTransport, IMailBatch
    {
        public string Description => "accepts everything, sends nothing";

        public IMailBatch OpenBatch() => this;

        public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>The ledger export (.xlsx) of all unfinished items, as the administrator downloads it, written to a temp file.</summary>
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1)]
public class ExportBenchmarks
{
    private AccessContext _admin = null!;
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"rectify-bench-export-{Environment.ProcessId}.xlsx");

    [GlobalSetup]
    public void Setup() => _admin = BenchHost.AccessAsync("bench.admin").GetAwaiter().GetResult();

    [Benchmark]
    public Task<int> Export_open_items_xlsx() => Export.RunAsync(_admin, _file);

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_file);
}

public static class Export
{
    public static readonly ItemFilter OpenItems = new() { Due = DueFilter.Unfinished };

    public static async Task<int> RunAsync(AccessContext access, string file)
    {
        using var scope = BenchHost.Services.CreateScope();
        await using var stream = File.Create(file);
        return await scope.ServiceProvider.GetRequiredService<LedgerExcelExporter>().ExportAsync(access, OpenItems, stream);
    }

    /// <summary>Only the reading half of the export (queries and materialisation), to see where its time goes.</summary>
    public static async Task<int> ReadOnlyAsync(AccessContext access)
    {
        using var scope = BenchHost.Services.CreateScope();
        var count = 0;
        await foreach (var row in scope.ServiceProvider.GetRequiredService<LedgerExportRows>().ReadAsync(access, OpenItems, CancellationToken.None))
        {
            count += row.Measures.Count >= 0 ? 1 : 0;
        }

        return count;
    }
}
