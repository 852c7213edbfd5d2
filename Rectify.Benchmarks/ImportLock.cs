using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Documents;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.LedgerIO;

namespace Rectify.Benchmarks;

/// <summary>
/// How long an import of N rows keeps other writers out (docs/performance.md, decision 0023). Runs one real import through
/// <see cref="LedgerExcelImporter"/> on the benchmark database and measures, meanwhile:
/// every database transaction's length from begin to commit (EF Core's diagnostic events; on SQLite the write lock is taken
/// at the first write inside it, so this bounds each hold of the lock from above), and what another writer experiences: a
/// probe connection that takes SQLite's write lock (BEGIN IMMEDIATE) again and again and records its longest wait.
/// </summary>
public static class ImportLock
{
    public static async Task<int> RunAsync(int rows)
    {
        var services = BenchHost.Services;
        var admin = await BenchHost.AccessAsync("bench.admin");
        string organization, databaseFile;
        int issuer;
        await using (var db = await services.GetRequiredService<IDbContextFactory<RectifyDbContext>>().CreateDbContextAsync())
        {
            var secretary = await db.Users.SingleAsync(u => u.UserName == "bench.secretary");
            organization = await db.Organizations.Where(o => o.Id == secretary.OrganizationId).Select(o => o.Name).SingleAsync();
            issuer = await db.Organizations.Where(o => o.ParentId == null).Select(o => o.Id).FirstAsync();
            databaseFile = db.Database.IsSqlite() ? new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource : "";
        }

        var today = DateOnly.FromDateTime(DateTime.Today);
        var deadline = today.AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var input = Enumerable.Range(1, rows).Select(i => new LedgerRowInput(i + 1, new Dictionary<LedgerColumn, SheetCell>
        {
            [LedgerColumn.Description] = new($"锁测试导入问题 {Guid.NewGuid():N} 第{i}条：理论学习不够深入，学用结合不紧密。", false),
            [LedgerColumn.Measures] = new("1. 制定学习计划\n2. 每月集中学习\n3. 开展专题研讨", false),
            [LedgerColumn.Organization] = new(organization, false),
            [LedgerColumn.Owner] = new("bench.secretary", false),
            [LedgerColumn.Leader] = new("bench.leader2", false),
            [LedgerColumn.Deadline] = new(deadline, false),
        })).ToList();

        using var scope = services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<LedgerExcelImporter>();
        var target = ImportTarget.New($"锁测试导入 {DateTime.Now:yyyy-MM-dd HH:mm:ss}", ProblemSource.ReviewSelf, today, issuer);
        var check = await importer.CheckRowsAsync(input, target, admin);
        if (!check.CanImport)
        {
            Console.Error.WriteLine($"check refused: {check.Refusal} {check.Errors.FirstOrDefault()}");
            return 1;
        }

        var transactions = new TransactionTimes();
        using var subscription = DiagnosticListener.AllListeners.Subscribe(new ListenerObserver(transactions));
        using var stop = new CancellationTokenSource();
        var probe = databaseFile.Length > 0 ? Task.Run(() => Probe(databaseFile, stop.Token)) : Task.FromResult((MaxWait: TimeSpan.Zero, Count: 0));
        var saving = new Stopwatch();
        var total = Stopwatch.StartNew();
        var outcome = await importer.ImportAsync(check, admin, new SyncProgress(p =>
        {
            if (p.Phase == LedgerPhase.Saving && p.Done == 0)
            {
                saving.Start();
            }
        }));
        total.Stop();
        saving.Stop();
        await stop.CancelAsync();
        var (maxWait, probes) = await probe;
        if (!outcome.Succeeded)
        {
            Console.Error.WriteLine($"import failed: {outcome.Message}");
            return 1;
        }

        Console.WriteLine($"import of {outcome.Created} rows (3 measures each) on {BenchHost.Provider}: {total.Elapsed.TotalSeconds:F2} s in all, " +
            $"of which writing {saving.Elapsed.TotalSeconds:F2} s in {transactions.Count} transactions; " +
            $"longest transaction {transactions.Longest.TotalMilliseconds:F0} ms (median {transactions.Median.TotalMilliseconds:F0} ms, publishing {transactions.Last.TotalMilliseconds:F0} ms); " +
            $"probe writer: {probes} writes, longest wait {maxWait.TotalMilliseconds:F0} ms");
        return 0;
    }

    /// <summary>Takes SQLite's write lock over and over on its own connection; returns the longest wait for it.</summary>
    private static (TimeSpan MaxWait, int Count) Probe(string file, CancellationToken stop)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 120 }.ToString());
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        using var commit = connection.CreateCommand();
        commit.CommandText = "COMMIT";
        var max = TimeSpan.Zero;
        var count = 0;
        var watch = new Stopwatch();
        while (!stop.IsCancellationRequested)
        {
            watch.Restart();
            begin.ExecuteNonQuery();
            watch.Stop();
            commit.ExecuteNonQuery();
            count++;
            max = watch.Elapsed > max ? watch.Elapsed : max;
            Thread.Sleep(2);
        }

        return (max, count);
    }

    private sealed class SyncProgress(Action<LedgerProgress> report) : IProgress<LedgerProgress>
    {
        public void Report(LedgerProgress value) => report(value);
    }

    private sealed class TransactionTimes
    {
        private readonly ConcurrentDictionary<Guid, long> _started = new();
        private readonly ConcurrentQueue<TimeSpan> _lengths = [];

        public int Count => _lengths.Count;

        public TimeSpan Longest => _lengths.DefaultIfEmpty().Max();

        public TimeSpan Median => _lengths.Order().ElementAtOrDefault(_lengths.Count / 2);

        /// <summary>The last transaction: the one that publishes the run.</summary>
        public TimeSpan Last => _lengths.LastOrDefault();

        public void Started(Guid id) => _started[id] = Stopwatch.GetTimestamp();

        public void Ended(Guid id)
        {
            if (_started.TryRemove(id, out var start))
            {
                _lengths.Enqueue(Stopwatch.GetElapsedTime(start));
            }
        }
    }

    private sealed class ListenerObserver(TransactionTimes times) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                listener.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is not TransactionEventData data)
            {
                return;
            }

            if (value.Key == RelationalEventId.TransactionStarted.Name)
            {
                times.Started(data.TransactionId);
            }
            else if (value.Key == RelationalEventId.TransactionCommitted.Name || value.Key == RelationalEventId.TransactionRolledBack.Name)
            {
                times.Ended(data.TransactionId);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
