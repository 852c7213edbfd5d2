using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Rectify.Tests.Mail;
using Rectify.Tests.Support;
using Rectify.Web.Jobs;
using Rectify.Web.Mail;

namespace Rectify.Tests.Jobs;

/// <summary>
/// The real Quartz scheduler on the app's SQLite file (each test its own file). Downtime is simulated by stopping one app
/// and starting another on the same file with a clock that reads days later (<see cref="ShiftedClock"/>, handed to Quartz
/// through the container's TimeProvider); timers still run in real time, so each test takes seconds, not days.
/// </summary>
public class SchedulerTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly JobKey Daily = new("test-daily", JobKeys.Group);

    private static Dictionary<string, string?> JobsOn(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Jobs:Enabled"] = "true", ["Jobs:DispatchOutboxSeconds"] = "1" };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Action<IQuartzBuilder> DailyAt0830 => q => q.AddCronJob<CountingJob>(Daily, "0 30 8 * * ?", Shanghai, "test: daily at 08:30 Beijing time");

    private static Action<IServiceCollection> Counter(FireCounter counter) => s => s.AddSingleton(counter);

    [Fact]
    public async Task Persistent_store_provisions_its_tables_and_the_dispatch_job_sends_the_outbox()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, JobsOn(MailTestKit.Smtp(server)));

        await using (var db = app.NewDb())
        {
            await app.Get<Outbox>().EnqueueAsync(db, MailTestKit.Message("via-quartz", TimeProvider.System.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem().Subject.ShouldBe(MailTestKit.ChineseSubject);
        var tables = await TablesAsync(folder.File("rectify.db"));
        tables.ShouldContain("QRTZ_TRIGGERS");
        tables.ShouldContain("QRTZ_JOB_DETAILS");
        tables.ShouldContain("OutboxMessages");
        var dispatch = (await app.Get<JobControl>().ListAsync()).Single(j => j.Key.Equals(JobKeys.OutboxDispatch));
        dispatch.PreviousFireTime.ShouldNotBeNull();
        dispatch.NextFireTime.ShouldNotBeNull();
        dispatch.Schedule.ShouldBe("every 1 s");
        var detail = await (await app.Get<ISchedulerFactory>().GetScheduler()).GetJobDetail(JobKeys.OutboxDispatch);
        detail.ShouldNotBeNull().ConcurrentExecutionDisallowed.ShouldBeTrue();
    }

    [Fact]
    public async Task Cron_runs_missed_while_the_app_was_down_fire_once_after_start_not_once_each()
    {
        using var folder = new TempFolder();
        var counter = new FireCounter();
        // Monday 2026-11-23, 08:00 in Beijing: the next run is today at 08:30 Beijing time (00:30 UTC).
        var beforeDowntime = new ShiftedClock(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(8)));
        await using (var first = await TestApp.StartAsync(folder.Path, beforeDowntime, JobsOn(), DailyAt0830, Counter(counter)))
        {
            var job = (await first.Get<JobControl>().ListAsync()).Single(j => j.Key.Equals(Daily));
            job.NextFireTime.ShouldBe(new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero));
            job.Schedule.ShouldBe("cron 0 30 8 * * ? (Asia/Shanghai)");
        }

        counter.Count.ShouldBe(0);

        // Down until Thursday 10:00: the runs of Monday, Tuesday, Wednesday and Thursday 08:30 were all missed.
        var afterDowntime = new ShiftedClock(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(8)));
        await using (var second = await TestApp.StartAsync(folder.Path, afterDowntime, JobsOn(), DailyAt0830, Counter(counter)))
        {
            await counter.WaitForAsync(1, TimeSpan.FromSeconds(15));
            await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastJobRun, () => counter.Count, 1, "four missed runs fire once");
            counter.FiredAt.Single().ShouldBeGreaterThanOrEqualTo(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero), "it fired at start, after the downtime");
            counter.ScheduledFor.Single().ShouldBe(new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero), "for the first missed run");
            var job = (await second.Get<JobControl>().ListAsync()).Single(j => j.Key.Equals(Daily));
            job.NextFireTime.ShouldBe(new DateTimeOffset(2026, 11, 27, 0, 30, 0, TimeSpan.Zero), "then the schedule resumes: Friday 08:30 Beijing time");
        }
    }

    [Fact]
    public async Task Without_fire_once_the_same_downtime_would_fire_every_missed_run_which_is_what_the_test_above_rules_out()
    {
        using var folder = new TempFolder();
        var counter = new FireCounter();
        Action<IQuartzBuilder> ignoreMisfires = q =>
        {
            q.AddJob<CountingJob>(j => j.WithIdentity(Daily).StoreDurably());
            q.AddTrigger(t => t.ForJob(Daily).WithIdentity(JobKeys.TriggerFor(Daily))
                .WithCronSchedule("0 30 8 * * ?", s => s.InTimeZone(Shanghai).WithMisfireInstruction(CronTriggerMisfireInstruction.IgnoreMisfires)));
        };
        await using (await TestApp.StartAsync(folder.Path, new ShiftedClock(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(8))), JobsOn(), ignoreMisfires, Counter(counter)))
        {
        }

        await using (await TestApp.StartAsync(folder.Path, new ShiftedClock(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(8))), JobsOn(), ignoreMisfires, Counter(counter)))
        {
            await counter.WaitForAsync(4, TimeSpan.FromSeconds(15));
        }

        counter.ScheduledFor.Order().ShouldBe([
            new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 0, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 25, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 0, 30, 0, TimeSpan.Zero)]);
    }

    [Fact]
    public async Task Trigger_now_runs_a_job_outside_its_schedule_and_a_failing_job_does_not_stop_the_scheduler()
    {
        using var folder = new TempFolder();
        var counter = new FireCounter { Throw = true };
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, JobsOn(), DailyAt0830, Counter(counter));
        var control = app.Get<JobControl>();
        control.Enabled.ShouldBeTrue();
        var keys = (await control.ListAsync()).Select(j => j.Key).ToList();
        keys.ShouldContain(Daily);
        keys.ShouldContain(JobKeys.OutboxDispatch);

        await control.TriggerNowAsync(Daily);
        await counter.WaitForAsync(1, TimeSpan.FromSeconds(10));
        await control.TriggerNowAsync(Daily);
        await counter.WaitForAsync(2, TimeSpan.FromSeconds(10));

        counter.Count.ShouldBe(2, "the first run threw; RectifyJob logged it and the job ran again");
        await Should.ThrowAsync<InvalidOperationException>(() => control.TriggerNowAsync(new JobKey("no-such-job", JobKeys.Group)));
    }

    [Fact]
    public async Task With_jobs_disabled_there_is_no_scheduler_and_job_control_says_so()
    {
        using var folder = new TempFolder();
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" });

        app.Services.GetService<ISchedulerFactory>().ShouldBeNull();
        var control = app.Get<JobControl>();
        control.Enabled.ShouldBeFalse();
        (await control.ListAsync()).ShouldBeEmpty();
        await Should.ThrowAsync<InvalidOperationException>(() => control.TriggerNowAsync(JobKeys.OutboxDispatch));
        (await TablesAsync(folder.File("rectify.db"))).ShouldNotContain(t => t.StartsWith("QRTZ_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_PostgreSQL_two_apps_are_nodes_of_one_clustered_scheduler_and_the_outbox_is_sent_once()
    {
        using var folder = new TempFolder();
        using var otherFolder = new TempFolder();
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
            var settings = TestApp.OnDatabase(JobsOn(MailTestKit.Smtp(server)), database);
            await using var first = await TestApp.StartAsync(folder.Path, TimeProvider.System, settings);
            await using var second = await TestApp.StartAsync(otherFolder.Path, TimeProvider.System, settings);

            await using (var db = first.NewDb())
            {
                for (var i = 0; i < 5; i++)
                {
                    await first.Get<Outbox>().EnqueueAsync(db, MailTestKit.Message($"cluster-{i}", TimeProvider.System.GetUtcNow(), $"user{i}@example.org"));
                }

                await db.SaveChangesAsync();
            }

            (await server.WaitForMessagesAsync(5)).Count.ShouldBe(5);
            var scheduler = await first.Get<ISchedulerFactory>().GetScheduler();
            (await scheduler.GetMetadata()).JobStoreClustered.ShouldBeTrue();
            var nodes = await scheduler.QueryClusterNodes();
            nodes.Count.ShouldBe(2);
            nodes.Select(n => n.InstanceId).Distinct().Count().ShouldBe(2, "instance ids are generated per node");
            (await scheduler.GetJobDetail(JobKeys.OutboxDispatch)).ShouldNotBeNull().RequestsRecovery.ShouldBeTrue();
            (await scheduler.GetJobDetail(JobKeys.Reminders)).ShouldNotBeNull().RequestsRecovery.ShouldBeTrue();

            await using (var connection = new Npgsql.NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('qrtz_triggers', 'qrtz_scheduler_state', 'qrtz_locks')", connection);
                (await command.ExecuteScalarAsync()).ShouldBe(3L);
            }

            // Each message once, though two nodes poll the outbox: a few more dispatch runs on both nodes send nothing again.
            await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastJobRun, () => server.Messages().Count, 5, "two nodes polling the outbox");
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static async Task<List<string>> TablesAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}

public sealed class FireCounter
{
    private readonly List<DateTimeOffset> _scheduledFor = [];

    public bool Throw { get; init; }

    public int Count
    {
        get
        {
            lock (_scheduledFor)
            {
                return _scheduledFor.Count;
            }
        }
    }

    public IReadOnlyList<DateTimeOffset> ScheduledFor
    {
        get
        {
            lock (_scheduledFor)
            {
                return [.. _scheduledFor];
            }
        }
    }

    private readonly List<DateTimeOffset> _firedAt = [];

    public IReadOnlyList<DateTimeOffset> FiredAt
    {
        get
        {
            lock (_scheduledFor)
            {
                return [.. _firedAt];
            }
        }
    }

    public void Record(DateTimeOffset scheduledFor, DateTimeOffset firedAt)
    {
        lock (_scheduledFor)
        {
            _scheduledFor.Add(scheduledFor);
            _firedAt.Add(firedAt);
        }
    }

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Count.ShouldBeGreaterThanOrEqualTo(count, $"the job should have fired {count} time(s) within {timeout.TotalSeconds} s");
    }
}

[DisallowConcurrentExecution]
public sealed class CountingJob(FireCounter counter, Microsoft.Extensions.Logging.ILogger<CountingJob> logger) : RectifyJob(logger)
{
    protected override Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        counter.Record(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.FireTimeUtc);
        return counter.Throw ? throw new InvalidOperationException("test: this job fails") : Task.CompletedTask;
    }
}
