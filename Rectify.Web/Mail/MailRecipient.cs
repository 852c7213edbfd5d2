using Rectify.Web.Hosting;

namespace Rectify.Web.Mail;

/// <summary>Whom a mail speaks to: their name and the language they chose in the UI (stored as <c>AppUser.Culture</c>).</summary>
public sealed record MailRecipient(string Name, string? CultureName)
{
    /// <summary>The chosen language when it is one the UI offers; Chinese otherwise (and for users who never chose).</summary>
    public CultureInfo Culture =>
        RectifyApp.SupportedCultures.FirstOrDefault(c => c.Name == CultureName) ?? RectifyApp.SupportedCultures[0];
}
