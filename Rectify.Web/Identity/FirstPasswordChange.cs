namespace Rectify.Web.Identity;

/// <summary>
/// A password that someone else has seen (the first administrator's, generated and printed on the console) must be
/// replaced before the account does anything: the user carries the claim <see cref="ClaimType"/> (stored in Identity's
/// user claims, so in the sign-in cookie) until they change their password, and every request but the change-password
/// page, signing out and static files is redirected there.
/// </summary>
public static class FirstPasswordChange
{
    public const string ClaimType = "rectify:must_change_password";
    public const string ChangePasswordPath = "/Account/Manage/ChangePassword";

    private static readonly string[] OpenPaths = [ChangePasswordPath, "/Account/Logout", "/Account/Login", "/Account/Lockout", "/Account/AccessDenied", "/culture", "/not-found", "/Error"];

    // Static files (styles, scripts, fonts) the change-password page itself needs.
    private static readonly string[] OpenFolders = ["/_framework/", "/_content/", "/css/", "/js/", "/lib/", "/Components/"];

    public static bool MustChange(this System.Security.Claims.ClaimsPrincipal user) => user.HasClaim(c => c.Type == ClaimType);

    public static IApplicationBuilder UseFirstPasswordChange(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.MustChange() && !IsOpen(context.Request.Path))
            {
                context.Response.Redirect(context.Request.PathBase + ChangePasswordPath);
                return;
            }

            await next();
        });

    private static bool IsOpen(PathString path)
    {
        var value = path.Value ?? "/";
        return OpenPaths.Any(p => value.Equals(p, StringComparison.OrdinalIgnoreCase))
            || OpenFolders.Any(f => value.StartsWith(f, StringComparison.OrdinalIgnoreCase))
            || (value.LastIndexOf('/') == 0 && value.EndsWith(".css", StringComparison.OrdinalIgnoreCase)); // Rectify.Web.styles.css
    }
}
