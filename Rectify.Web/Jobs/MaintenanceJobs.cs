using Quartz;
using Rectify.Web.Auditing;
using Rectify.Web.Backup;

namespace Rectify.Web.Jobs;

/// <summary>Every few seconds: seals new audit entries into the hash chain (<see cref="AuditChain"/>).</summary>
[DisallowConcurrentExecution]
public sealed class AuditSealJob(AuditChain chain, ILogger<AuditSealJob> logger) : RectifyJob(logger)
{
    public static readonly JobKey Key = new("audit-seal", JobKeys.Group);

    protected override LogLevel RoutineLogLevel => LogLevel.Debug;

    protected override async Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await chain.SealAsync(cancellationToken);
}

/// <summary>On Backup:Cron (default 02:00): an online backup of the database and evidence files, with retention.</summary>
[DisallowConcurrentExecution]
public sealed class BackupJob(BackupService backups, AuditChain chain, ILogger<BackupJob> logger) : RectifyJob(logger)
{
    public static readonly JobKey Key = new("backup", JobKeys.Group);

    protected override async Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Seal first, so the backup's audit log is fully chained.
        await chain.SealAsync(cancellationToken);
        await backups.CreateAsync(cancellationToken);
    }
}

public static class MaintenanceJobs
{
    /// <summary>The audit sealing (every 10 s) and backup (cron) jobs.</summary>
    public static IQuartzBuilder AddMaintenanceJobs(this IQuartzBuilder quartz, BackupOptions backup, TimeZoneInfo zone)
    {
        quartz.AddJob<AuditSealJob>(j => j.WithIdentity(AuditSealJob.Key).StoreDurably().WithDescription("封存操作记录"));
        quartz.AddTrigger(t => t.ForJob(AuditSealJob.Key).WithIdentity(JobKeys.TriggerFor(AuditSealJob.Key)).StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(10)).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        quartz.AddCronJob<BackupJob>(BackupJob.Key, backup.Cron, zone, "数据备份");
        return quartz;
    }
}
