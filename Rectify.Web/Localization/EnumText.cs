namespace Rectify.Web.Localization;

/// <summary>
/// Display names of the domain's enums, roles and suggested categories, through the injected localizer
/// ("Enum.ItemStatus.Open", "Role.Leader", "Category.理论学习"): <c>T.NameOf(item.Status)</c>. The domain's Chinese
/// vocabulary tables (ItemStatusNames …) only read imported spreadsheets; a test keeps the two in step.
/// </summary>
public static class EnumText
{
    public static string NameOf(this IStringLocalizer<Text> text, ItemStatus value) => Get(text, $"Enum.ItemStatus.{value}");

    public static string NameOf(this IStringLocalizer<Text> text, ProblemSource value) => Get(text, $"Enum.ProblemSource.{value}");

    public static string NameOf(this IStringLocalizer<Text> text, DeadlineType value) => Get(text, $"Enum.DeadlineType.{value}");

    public static string NameOf(this IStringLocalizer<Text> text, ReportingPeriod value) => Get(text, $"Enum.ReportingPeriod.{value}");

    public static string NameOf(this IStringLocalizer<Text> text, TrafficLight value) => Get(text, $"Enum.TrafficLight.{value}");

    public static string NameOf(this IStringLocalizer<Text> text, OrganizationLevel value) => Get(text, $"Enum.OrganizationLevel.{value}");

    public static string NameOf(this IStringLocalizer<Text> text, ExtensionState value) => Get(text, $"Enum.ExtensionState.{value}");

    /// <summary>The category as stored (users may type their own); the suggested ones are translated.</summary>
    public static string CategoryName(this IStringLocalizer<Text> text, string category)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text[$"Category.{category}"];
        return name.ResourceNotFound ? category : name.Value;
    }

    public static string RoleName(this IStringLocalizer<Text> text, string role) => Get(text, $"Role.{role}");

    private static string Get(IStringLocalizer<Text> text, string key)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text[key];
    }
}
