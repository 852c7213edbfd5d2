using Quartz;

namespace Rectify.Web.Jobs;

/// <summary>
/// One job as the administrator sees it: when it last ran and when it runs next (from the scheduler's store). Its name on the
/// page is the localized text "Jobs.Name.{Key.Name}", not Quartz's description.
/// </summary>
public sealed record JobInfo(JobKey Key, DateTimeOffset? PreviousFireTime, DateTimeOffset? NextFireTime, string Schedule);
