using Quartz;

namespace Rectify.Web.Jobs;

/// <summary>The names of Rectify's jobs in the scheduler (and in the QRTZ_ tables). Keep them stable: the store is keyed by them.</summary>
public static class JobKeys
{
    public const string Group = "rectify";

    public static readonly JobKey OutboxDispatch = new("outbox-dispatch", Group);

    /// <summary>Reserved for the reminder job (Jobs:Reminders).</summary>
    public static readonly JobKey Reminders = new("reminders", Group);

    /// <summary>Reserved for the monthly leader summary (Jobs:LeaderSummary).</summary>
    public static readonly JobKey LeaderSummary = new("leader-summary", Group);

    /// <summary>Reserved for closing signed-off items (Jobs:CloseSignedOff).</summary>
    public static readonly JobKey CloseSignedOff = new("close-signed-off", Group);

    /// <summary>The periodic 督查通报 (Jobs:Bulletin, Bulletins:Cadence).</summary>
    public static readonly JobKey Bulletin = new("bulletin", Group);
    /// <summary>The periodic audit anchor mailed to administrators (Jobs:AuditAnchor, decision 0017).</summary>
    public static readonly JobKey AuditAnchor = new("audit-anchor", Group);

    /// <summary>The group robots' morning summaries (Jobs:GroupRobots).</summary>
    public static readonly JobKey GroupRobots = new("group-robots", Group);

    public static TriggerKey TriggerFor(JobKey job) => new($"{job.Name}-trigger", job.Group);
}
