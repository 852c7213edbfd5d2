namespace Rectify.Web.Jobs;

/// <summary>Quartz job for <see cref="CloseSignedOffRun"/> (Jobs:CloseSignedOff).</summary>
public sealed class CloseSignedOffJob(CloseSignedOffRun run, TimeProvider time, ILogger<CloseSignedOffJob> logger) : RectifyJob(logger)
{
    protected override LogLevel RoutineLogLevel => LogLevel.Debug;

    protected override async Task ExecuteJobAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await run.RunAsync(time.GetUtcNow(), cancellationToken);
}
