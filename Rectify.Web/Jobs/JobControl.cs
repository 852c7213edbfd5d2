using Quartz;

namespace Rectify.Web.Jobs;

/// <summary>
/// Administration of the scheduled jobs: list them with their fire times, and run one now. When Jobs:Enabled is false there
/// is no scheduler: the list is empty and <see cref="TriggerNowAsync"/> refuses.
/// </summary>
public sealed class JobControl(IServiceProvider services)
{
    private readonly ISchedulerFactory? _schedulers = services.GetService<ISchedulerFactory>();

    public bool Enabled => _schedulers is not null;

    public async Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (_schedulers is null)
        {
            return [];
        }

        var scheduler = await _schedulers.GetScheduler(cancellationToken);
        var jobs = new List<JobInfo>();
        foreach (var key in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken)).OrderBy(k => k.ToString(), StringComparer.Ordinal))
        {
            var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
            jobs.Add(new JobInfo(
                key,
                triggers.Select(t => t.PreviousFireTimeUtc).Where(t => t.HasValue).DefaultIfEmpty().Max(),
                triggers.Select(t => t.NextFireTimeUtc).Where(t => t.HasValue).DefaultIfEmpty().Min(),
                string.Join("; ", triggers.Select(Describe))));
        }

        return jobs;
    }

    /// <summary>Runs the job once now, outside its schedule (it still never runs concurrently with itself).</summary>
    public async Task TriggerNowAsync(JobKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_schedulers is null)
        {
            throw new InvalidOperationException("Scheduled jobs are switched off (Jobs:Enabled = false).");
        }

        var scheduler = await _schedulers.GetScheduler(cancellationToken);
        if (await scheduler.GetJobDetail(key, cancellationToken) is null)
        {
            throw new InvalidOperationException($"There is no job '{key}'.");
        }

        await scheduler.TriggerJob(key, cancellationToken);
    }

    private static string Describe(ITrigger trigger) => trigger switch
    {
        ICronTrigger cron => $"cron {cron.CronExpressionString} ({cron.TimeZone.Id})",
        ISimpleTrigger simple => $"every {simple.RepeatInterval.TotalSeconds:0} s",
        _ => trigger.GetType().Name,
    };
}
