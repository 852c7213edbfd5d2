using System.Diagnostics;
using Quartz;
using Rectify.Web.Operations;

namespace Rectify.Web.Jobs;

/// <summary>
/// Base of every Rectify job: logs start, end and duration, and catches and logs what the work throws, so one bad run is a
/// logged error rather than a trigger Quartz gives up on. Jobs never run concurrently with themselves.
/// </summary>
[DisallowConcurrentExecution]
public abstract class RectifyJob(ILogger logger) : IJob
{
    /// <summary>Level of the start/end lines; a job that runs every few seconds lowers it to Debug.</summary>
    protected virtual LogLevel RoutineLogLevel => LogLevel.Information;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.JobDetail.Key;
        var started = Stopwatch.GetTimestamp();
        logger.Log(RoutineLogLevel, "Job {Job} started (scheduled for {Scheduled:u}).", job, context.ScheduledFireTimeUtc);
        var outcome = "failed";
        try
        {
            await ExecuteJobAsync(context, cancellationToken);
            outcome = "succeeded";
            logger.Log(RoutineLogLevel, "Job {Job} finished in {Elapsed} ms.", job, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            logger.LogWarning("Job {Job} was cancelled after {Elapsed} ms (the app is stopping).", job, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
#pragma warning disable CA1031 // The point of the base class: a job's failure is logged here, not thrown into the scheduler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Job {Job} failed after {Elapsed} ms.", job, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            // job_name: Prometheus keeps the label `job` for the scrape job (and would rename ours to exported_job).
            var tags = new TagList { { "job_name", job.Name }, { "outcome", outcome } };
            RectifyMetrics.JobRuns.Add(1, tags);
            RectifyMetrics.JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    protected abstract Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken);
}
