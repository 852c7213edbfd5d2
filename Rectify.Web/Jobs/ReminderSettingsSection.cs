namespace Rectify.Web.Jobs;

/// <summary>Where the domain's <see cref="Rectify.Domain.Reminders.ReminderSettings"/> are configured (the domain knows no configuration).</summary>
public static class ReminderSettingsSection
{
    public const string Name = "Reminders";
}
