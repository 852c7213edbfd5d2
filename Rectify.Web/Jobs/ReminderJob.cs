namespace Rectify.Web.Jobs;

/// <summary>Quartz job for <see cref="ReminderRun"/> (Jobs:Reminders).</summary>
public sealed class ReminderJob(ReminderRun run, TimeProvider time, ILogger<ReminderJob> logger) : RectifyJob(logger)
{
    protected override async Task ExecuteJobAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await run.RunAsync(time.GetUtcNow(), cancellationToken);
}
