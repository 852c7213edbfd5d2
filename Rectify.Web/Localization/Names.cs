using System.Globalization;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;

namespace Rectify.Web.Localization;

/// <summary>
/// Display names of the domain's enums in the user's language: Chinese from the domain's own vocabulary
/// (ItemStatusNames, ProblemSourceNames, …), English from the Text tables ("Enum.ItemStatus.Open").
/// </summary>
public static class Names
{
    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Of(ItemStatus value) => English ? Text.Get($"Enum.ItemStatus.{value}") : ItemStatusNames.Name(value);

    public static string Of(ProblemSource value) => English ? Text.Get($"Enum.ProblemSource.{value}") : ProblemSourceNames.Name(value);

    public static string Of(DeadlineType value) => English ? Text.Get($"Enum.DeadlineType.{value}") : DeadlineTypeNames.Name(value);

    public static string Of(ReportingPeriod value) => English ? Text.Get($"Enum.ReportingPeriod.{value}") : ReportingPeriodNames.Name(value);

    public static string Of(TrafficLight value) => Text.Get($"Enum.TrafficLight.{value}");

    public static string Of(OrganizationLevel value) => Text.Get($"Enum.OrganizationLevel.{value}");

    public static string Of(ExtensionState value) => Text.Get($"Enum.ExtensionState.{value}");

    /// <summary>The category as stored (users may type their own); the suggested ones are translated in English.</summary>
    public static string Category(string category) =>
        English && Text.Exists($"Category.{category}") ? Text.Get($"Category.{category}") : category;

    public static string Role(string role) => Text.Get($"Role.{role}");
}
