using Quartz;
using Rectify.Web.Backup;

namespace Rectify.Web.Jobs;

public static class MaintenanceJobs
{
    /// <summary>The audit sealing (every 10 s) and backup (cron) jobs.</summary>
    public static IQuartzBuilder AddMaintenanceJobs(this IQuartzBuilder quartz, BackupOptions backup, TimeZoneInfo zone)
    {
        quartz.AddJob<AuditSealJob>(j => j.WithIdentity(AuditSealJob.Key).StoreDurably().WithDescription("Seals the audit log"));
        quartz.AddTrigger(t => t.ForJob(AuditSealJob.Key).WithIdentity(JobKeys.TriggerFor(AuditSealJob.Key)).StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(10)).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        quartz.AddCronJob<BackupJob>(BackupJob.Key, backup.Cron, zone, "Backup");
        return quartz;
    }
}
