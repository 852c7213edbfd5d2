using Rectify.Domain.Reminders;

namespace Rectify.Web.Jobs;

/// <summary>
/// Stops the app at start when the "Reminders" settings are unusable, with the domain's own reasons under the keys an operator
/// edits ("Reminders:EscalateToLeaderAfterDays: must be at least 1 day (is 0).").
/// </summary>
public sealed class ReminderSettingsValidator : IValidateOptions<ReminderSettings>
{
    public ValidateOptionsResult Validate(string? name, ReminderSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"{ReminderSettingsSection.Name}:{e}"));
    }
}
