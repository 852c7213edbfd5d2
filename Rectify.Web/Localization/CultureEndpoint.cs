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
            return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
        });
    }

    /// <summary>
    /// A path on this site: "/" followed by neither "/" nor "\" (browsers read both "//host" and "/\host" as another
    /// site) and no control characters. The same rule as LocalRedirect's, checked first so a bad value goes home
    /// instead of throwing (a 500).
    /// </summary>
    internal static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
