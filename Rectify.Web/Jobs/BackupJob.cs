using Quartz;
using Rectify.Web.Backup;

namespace Rectify.Web.Jobs;

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
