namespace Rectify.Web.Hosting;

/// <summary>Validates an options class at start with <see cref="SettingsValidation"/>, so a failure names the configuration key.</summary>
public sealed class SectionOptionsValidator<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        if (name is not null && name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = SettingsValidation.Errors(options, section);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
