using Rectify.Domain;

namespace Rectify.Web.Localization;

/// <summary>A domain refusal in the user's language: the text under "Domain.{code}" with the refusal's arguments.</summary>
public static class DomainText
{
    /// <summary>The localized text; the domain's own (Chinese) message while no table has the code.</summary>
    public static string Message(IStringLocalizer localizer, DomainException refusal)
    {
        var text = localizer["Domain." + refusal.Code, [.. refusal.Arguments]];
        return text.ResourceNotFound ? refusal.Message : text.Value;
    }
}
