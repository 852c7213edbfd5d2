namespace Rectify.Web.Jobs;

/// <summary>Quartz job for <see cref="LeaderSummaryRun"/> (Jobs:LeaderSummary).</summary>
public sealed class LeaderSummaryJob(LeaderSummaryRun run, TimeProvider time, ILogger<LeaderSummaryJob> logger) : RectifyJob(logger)
{
    protected override async Task ExecuteJobAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await run.RunAsync(time.GetUtcNow(), cancellationToken);
}
