using System.ComponentModel.DataAnnotations;

namespace Rectify.Web.Hosting;

/// <summary>The "Rectify" section of appsettings.json. Validated at start: a bad value stops the app with a clear message.</summary>
public sealed class RectifyOptions : IValidatableObject
{
    public const string Section = "Rectify";

    /// <summary>Folder for the SQLite database, uploaded evidence, mail pickup and backups; relative paths are under the content root.</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>IANA time zone in which deadlines, "today" and cron times are read.</summary>
    [Required]
    public string TimeZone { get; set; } = Rectify.Domain.Clock.DefaultTimeZone;

    /// <summary>An item is yellow (黄灯) when its deadline is within this many days.</summary>
    [Range(1, 90)]
    public int DueSoonWarningDays { get; set; } = 7;

    /// <summary>Seed the demo organisation tree and demo accounts into an empty database (Development only).</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>Password for the first administrator outside Development; when empty one is generated and printed once.</summary>
    public string? InitialAdminPassword { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Rectify:TimeZone '{TimeZone}' is not a known time zone (e.g. Asia/Shanghai).", [nameof(TimeZone)]);
        }
    }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public string ResolveDataFolder(string contentRoot) =>
        Path.IsPathRooted(DataFolder) ? DataFolder : Path.GetFullPath(Path.Combine(contentRoot, DataFolder));
}
