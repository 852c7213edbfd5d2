using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rectify.Web.Identity;

namespace Rectify.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>POST /Account/Logout (a form with an antiforgery token, so no other site can sign a user out).</summary>
    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/Account");
        group.MapPost("/Logout", async ([FromServices] SignInManager<AppUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });
        return group;
    }
}
