using Quartz;

namespace Rectify.Web.Jobs;

/// <summary>One job as the administrator sees it: when it last ran and when it runs next (from the scheduler's store).</summary>
public sealed record JobInfo(JobKey Key, string? Description, DateTimeOffset? PreviousFireTime, DateTimeOffset? NextFireTime, string Schedule);
