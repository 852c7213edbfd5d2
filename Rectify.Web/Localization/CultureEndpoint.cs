using System.Security.Claims;
using Microsoft.AspNetCore.Localization;

namespace Rectify.Web.Localization;

public static class CultureEndpoint
{
    /// <summary>
    /// GET /culture?name=en-US&amp;returnUrl=/ stores the language in a cookie and goes back (a full reload, so the circuit
    /// restarts in it). For a signed-in user it is also stored with the account (<c>AppUser.Culture</c>): mails to them are
    /// written in it.
    /// </summary>
    public static void MapCultureEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture", async (HttpContext context, string? name, string? returnUrl, IDbContextFactory<RectifyDbContext> dbFactory) =>
        {
            var culture = Hosting.RectifyApp.SupportedCultures.FirstOrDefault(c => c.Name == name) ?? Hosting.RectifyApp.SupportedCultures[0];
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
            {
                await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted);
                await db.Users.Where(u => u.Id == userId && u.Culture != culture.Name)
                    .ExecuteUpdateAsync(set => set.SetProperty(u => u.Culture, culture.Name), context.RequestAborted);
            }

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
