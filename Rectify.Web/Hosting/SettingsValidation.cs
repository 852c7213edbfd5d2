using System.ComponentModel.DataAnnotations;

namespace Rectify.Web.Hosting;

/// <summary>
/// Checks one options object (data annotations and <see cref="IValidatableObject"/>) and says what is wrong in terms of the
/// configuration key an operator edits: "FileLimits:MaxRows: The field MaxRows must be between 10 and 1048576."
/// </summary>
public static class SettingsValidation
{
    /// <summary>The problems of <paramref name="options"/>, read from section <paramref name="section"/>; empty when usable.</summary>
    public static IReadOnlyList<string> Errors(object options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => Named(r, section)).ToList();
    }

    /// <summary>Throws, naming every bad key, when <paramref name="options"/> is not usable.</summary>
    public static void ThrowIfInvalid<T>(T options, string section)
        where T : class
    {
        var errors = Errors(options, section);
        if (errors.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(section, typeof(T), errors);
        }
    }

    private static string Named(ValidationResult result, string section)
    {
        var message = result.ErrorMessage ?? "invalid value";
        // Messages written for an operator already start with the key (e.g. "Mail:Port 465 ..."): kept as they are.
        if (message.StartsWith(section + ":", StringComparison.Ordinal))
        {
            return message;
        }

        var members = result.MemberNames.ToList();
        var key = members.Count == 0 ? section : string.Join(", ", members.Select(m => $"{section}:{m}"));
        return $"{key}: {message}";
    }
}
