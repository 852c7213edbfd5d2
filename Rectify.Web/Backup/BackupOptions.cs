using System.ComponentModel.DataAnnotations;

namespace Rectify.Web.Backup;

/// <summary>The "Backup" section: where online backups go, how many to keep, and when the job runs.</summary>
public sealed class BackupOptions : IValidatableObject
{
    public const string Section = "Backup";

    /// <summary>Backup folder; relative paths are under Rectify:DataFolder. Put it on another disk in production.</summary>
    [Required]
    public string Folder { get; set; } = "backups";

    /// <summary>How many backups to keep; older ones are deleted after a successful backup.</summary>
    [Range(1, 1000)]
    public int Keep { get; set; } = 14;

    /// <summary>Quartz cron expression in Rectify:TimeZone (default 02:00 every day).</summary>
    [Required]
    public string Cron { get; set; } = "0 0 2 * * ?";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Cron) && !Quartz.CronExpression.TryParse(Cron, out _))
        {
            yield return new ValidationResult(
                $"Backup:Cron '{Cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. \"0 0 2 * * ?\").",
                [nameof(Cron)]);
        }
    }

    /// <summary>The backup folder as an absolute path (relative paths are under the data folder).</summary>
    public string ResolveFolder(string dataFolder) => Path.IsPathRooted(Folder) ? Folder : Path.Combine(dataFolder, Folder);
}
