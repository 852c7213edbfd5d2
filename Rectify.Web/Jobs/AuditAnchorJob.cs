namespace Rectify.Web.Jobs;

/// <summary>Quartz job for <see cref="AuditAnchorRun"/> (Jobs:AuditAnchor, default daily 06:00).</summary>
public sealed class AuditAnchorJob(AuditAnchorRun run, TimeProvider time, ILogger<AuditAnchorJob> logger) : RectifyJob(logger)
{
    protected override async Task ExecuteJobAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await run.RunAsync(time.GetUtcNow(), cancellationToken);
}
