using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Rectify.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>POST /Account/Logout (a form with an antiforgery token, so no other site can sign a user out).
    /// Signing out renews the user's security stamp, so the cookie, and any copy of it, is refused from now on; this ends the
    /// user's sessions on every device and their open pages too (decision 0015).</summary>
    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/Account");
        group.MapPost("/Logout", async (
            HttpContext http,
            [FromServices] SignInManager<AppUser> signIn,
            [FromServices] UserStateCache states,
            [FromForm] string? returnUrl) =>
        {
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                states.Invalidate(user.Id);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });
        return group;
    }
}
