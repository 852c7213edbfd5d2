using Quartz;
using Rectify.Domain.Reminders;
using Rectify.Web.Hosting;

namespace Rectify.Web.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The Quartz scheduler, unless Jobs:Enabled is false: its jobs and triggers live in the application's own database
    /// (QRTZ_ tables, created at first start), so schedules and missed runs survive restarts. Cron triggers are read in
    /// Rectify:TimeZone, and a cron run missed while the app was down fires once when it starts again (not once per miss).
    /// On PostgreSQL the scheduler is clustered: every instance on the database is a node, each firing runs on exactly one
    /// node, and the jobs a node was running when it died are run again by another node (docs/multi-instance.md).
    /// </summary>
    /// <param name="configure">More jobs, for tests (the production jobs are all declared here).</param>
    public static IServiceCollection AddRectifyJobs(
        this IServiceCollection services, IConfiguration configuration, string contentRoot, Action<IQuartzBuilder>? configure = null)
    {
        var settings = StartupSettings.Of(services, configuration, contentRoot);
        services.AddSingleton<JobControl>();
        services.AddOptions<ReminderSettings>().Bind(configuration.GetSection(ReminderSettingsSection.Name)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ReminderSettings>, ReminderSettingsValidator>();
        services.AddValidatedOptions<LedgerOptions>(configuration, LedgerOptions.Section);
        services.AddOptions<PublicUrlOptions>().Bind(configuration.GetSection(PublicUrlOptions.Section));
        services.AddScoped<ReminderRun>();
        services.AddScoped<CloseSignedOffRun>();
        services.AddScoped<LeaderSummaryRun>();
        services.AddScoped<AuditAnchorRun>();
        services.AddScoped<NotificationPreferences>();

        var jobs = settings.Jobs;
        if (!jobs.Enabled)
        {
            return services;
        }

        var database = settings.Database;
        var dataFolder = settings.DataFolder;
        var zone = settings.Zone;

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "Rectify";
                s.DefaultTimeZone = zone;
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    // One id per node and process start, readable in QRTZ_SCHEDULER_STATE / QRTZ_FIRED_TRIGGERS: which host and
                    // process runs what (the multi-instance test finds the node to kill by it).
                    var host = Environment.MachineName.Length > 40 ? Environment.MachineName[..40] : Environment.MachineName;
                    s.InstanceId = $"{host}-pid{Environment.ProcessId}-{Guid.NewGuid():N}";
                }
            });
            q.UsePersistentStore(store =>
            {
                switch (database.Provider)
                {
                    case DatabaseProvider.Sqlite:
                        store.UseSqlite(DataServiceCollectionExtensions.SqliteConnectionString(database.ConnectionString, dataFolder));
                        break;
                    case DatabaseProvider.Postgres:
                        store.UsePostgres(Npgsql.NpgsqlFactory.Instance, database.ConnectionString!); // set: validated
                        // Every instance on the database is a node (instance ids are generated). A node checks in every
                        // CheckinInterval; one silent for CheckinInterval + CheckinMisfireThreshold is taken for dead, and
                        // its triggers and the jobs it was running (RequestRecovery) pass to a live node.
                        store.UseClustering(c =>
                        {
                            c.CheckinInterval = TimeSpan.FromSeconds(jobs.ClusterCheckinSeconds);
                            c.CheckinMisfireThreshold = TimeSpan.FromSeconds(jobs.ClusterCheckinMisfireSeconds);
                        });
                        break;
                    default:
                        throw new InvalidOperationException($"Jobs: Database:Provider '{database.Provider}' is not supported.");
                }

                store.UseSystemTextJsonSerializer();
                // Several nodes may start at once on an empty database: the loser of the race finds the winner's tables.
                store.ProvisionSchema();
            });

            q.AddJob<OutboxDispatchJob>(j => j.WithIdentity(JobKeys.OutboxDispatch).StoreDurably().RequestRecovery().WithDescription("Sends pending mail and group robot messages (outbox)"));
            q.AddTrigger(t => t
                .ForJob(JobKeys.OutboxDispatch)
                .WithIdentity(JobKeys.TriggerFor(JobKeys.OutboxDispatch))
                .StartNow()
                .WithSimpleSchedule(s => s
                    .WithInterval(TimeSpan.FromSeconds(jobs.DispatchOutboxSeconds))
                    .RepeatForever()
                    // Missed polls are not worth catching up: just carry on at the next interval.
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddCronJob<ReminderJob>(JobKeys.Reminders, jobs.Reminders, zone, "Reminder mail");
            q.AddCronJob<CloseSignedOffJob>(JobKeys.CloseSignedOff, jobs.CloseSignedOff, zone, "Closes signed-off items");
            q.AddCronJob<LeaderSummaryJob>(JobKeys.LeaderSummary, jobs.LeaderSummary, zone, "Leaders' summary mail");
            q.AddCronJob<Bulletins.BulletinJob>(JobKeys.Bulletin, jobs.Bulletin, zone, "Periodic bulletin");
            q.AddCronJob<Robots.RobotSummaryJob>(JobKeys.GroupRobots, jobs.GroupRobots, zone, "Group robot reminders");
            q.AddCronJob<AuditAnchorJob>(JobKeys.AuditAnchor, jobs.AuditAnchor, zone, "Audit anchor (mailed to administrators)");

            configure?.Invoke(q);
        });
        services.Configure<QuartzOptions>(o =>
        {
            // Declared jobs replace the stored ones (so a changed cron in appsettings takes effect), but a replaced trigger keeps
            // its firing history: its next fire time stays where the stored one was, so a run missed while the app was down is
            // still seen as missed and handled by the trigger's misfire instruction.
            o.Scheduling.OverwriteExistingData = true;
            o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true;
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>
    /// Declares a job on a cron schedule in <paramref name="zone"/>. A run missed while the app was down (one or many) fires
    /// ONCE as soon as the scheduler starts, then the schedule resumes (misfire instruction FireAndProceed, "FireOnceNow").
    /// </summary>
    public static IQuartzBuilder AddCronJob<TJob>(this IQuartzBuilder quartz, JobKey key, string cron, TimeZoneInfo zone, string description)
        where TJob : class, IJob
    {
        ArgumentNullException.ThrowIfNull(quartz);
        // RequestRecovery: when the node running it dies (clustered store), another node runs it again. Every Rectify job is
        // idempotent (reminders are keyed per day, closing checks state), so running one again is safe.
        quartz.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().RequestRecovery().WithDescription(description));
        quartz.AddTrigger(t => t
            .ForJob(key)
            .WithIdentity(JobKeys.TriggerFor(key))
            .WithCronSchedule(cron, s => s
                .InTimeZone(zone)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        return quartz;
    }
}
