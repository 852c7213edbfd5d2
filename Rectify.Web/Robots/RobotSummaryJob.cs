using Rectify.Web.Jobs;

namespace Rectify.Web.Robots;

/// <summary>Quartz job for <see cref="RobotSummaryRun"/> (Jobs:GroupRobots, by default with the reminders).</summary>
public sealed class RobotSummaryJob(RobotSummaryRun run, TimeProvider time, ILogger<RobotSummaryJob> logger) : RectifyJob(logger)
{
    protected override async Task ExecuteJobAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await run.RunAsync(time.GetUtcNow(), cancellationToken);
}
