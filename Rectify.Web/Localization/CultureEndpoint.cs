using Microsoft.AspNetCore.Localization;

namespace Rectify.Web.Localization;

public static class CultureEndpoint
{
    /// <summary>GET /culture?name=en-US&amp;returnUrl=/ stores the language in a cookie and goes back (a full reload, so the circuit restarts in it).</summary>
    public static void MapCultureEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture", (HttpContext context, string? name, string? returnUrl) =>
        {
            var culture = Hosting.RectifyApp.SupportedCultures.FirstOrDefault(c => c.Name == name) ?? Hosting.RectifyApp.SupportedCultures[0];
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";
            return Results.LocalRedirect(target);
        });
    }
}
