using System.ComponentModel.DataAnnotations;
using Quartz;

namespace Rectify.Web.Jobs;

/// <summary>
/// The "Jobs" section: whether the Quartz scheduler runs at all, and when each job fires. Cron expressions are Quartz's
/// (seconds first, <c>?</c> for "any" day) and are read in Rectify:TimeZone (Asia/Shanghai by default), so "0 30 8 * * ?"
/// means 08:30 Beijing time whatever the server's clock says.
/// </summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary>False: no scheduler is started (tests that drive the jobs by hand; a second instance that must not send).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the outbox dispatcher looks for due mail: the longest a new message waits before it is sent. A run then sends
    /// everything due (up to Mail:RunSeconds), so this does not limit throughput; an empty run costs two indexed queries.
    /// </summary>
    [Range(1, 3600)]
    public int DispatchOutboxSeconds { get; set; } = 10;

    /// <summary>PostgreSQL (clustered scheduler): how often each instance records in the database that it is alive.</summary>
    [Range(1, 600)]
    public int ClusterCheckinSeconds { get; set; } = 7;

    /// <summary>
    /// PostgreSQL (clustered scheduler): how long past a missed check-in the other instances wait before taking an instance
    /// for dead and running its work. Keep it above the longest pause a live instance may have (GC, VM migration).
    /// </summary>
    [Range(1, 3600)]
    public int ClusterCheckinMisfireSeconds { get; set; } = 20;

    /// <summary>Daily reminder digests to item owners, leaders and administrators (job not registered yet).</summary>
    public string Reminders { get; set; } = "0 30 8 * * ?";

    /// <summary>Monthly 整改通报 summary to leaders (job not registered yet).</summary>
    public string LeaderSummary { get; set; } = "0 0 9 1 * ?";

    /// <summary>Closing items whose sign-off was approved (job not registered yet).</summary>
    public string CloseSignedOff { get; set; } = "0 * * * * ?";

    /// <summary>The 督查通报 of the period that just ended (Bulletins:Cadence): 09:30 on the 1st of each month.</summary>
    public string Bulletin { get; set; } = "0 30 9 1 * ?";

    /// <summary>Each organisation's morning summary to its group robot (群机器人): 08:30 each day, with the reminders.</summary>
    public string GroupRobots { get; set; } = "0 30 8 * * ?";

    /// <summary>
    /// The audit anchor (head hash and count of the audit chain) mailed to administrators and kept in the anchor history
    /// (decision 0017). Daily by default: deleting entries newer than the last anchor a copy of which left the machine is the
    /// window an insider with database and file access has.
    /// </summary>
    public string AuditAnchor { get; set; } = "0 0 6 * * ?";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, expression) in new[] { (nameof(Reminders), Reminders), (nameof(LeaderSummary), LeaderSummary), (nameof(CloseSignedOff), CloseSignedOff), (nameof(Bulletin), Bulletin), (nameof(AuditAnchor), AuditAnchor), (nameof(GroupRobots), GroupRobots) })
        {
            if (string.IsNullOrWhiteSpace(expression) || !CronExpression.TryParse(expression, out _))
            {
                yield return new ValidationResult(
                    $"Jobs:{name} '{expression}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. \"0 30 8 * * ?\").",
                    [name]);
            }
        }
    }
}
