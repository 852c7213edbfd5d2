using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Rectify.Web.Identity;

/// <summary>
/// Runs on every request that carries the sign-in cookie (in place of Identity's 30-minute security-stamp check): the
/// cookie is refused unless its user is active and its security stamp is the user's current one, so a cookie copied
/// before sign-out, deactivation or a change of rights gets the login page. The request then carries the user's roles,
/// organisation and top-leader flag as the database has them now (<see cref="UserStateCache"/>), not as they were at
/// sign-in; the cookie itself is not rewritten.
/// </summary>
public static class SessionValidator
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal?.Identity is not ClaimsIdentity identity || userId is null)
        {
            await RejectAsync(context);
            return;
        }

        var services = context.HttpContext.RequestServices;
        var stampType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var state = await services.GetRequiredService<UserStateCache>().GetAsync(userId, context.HttpContext.RequestAborted);
        if (state is null || !state.Accepts(principal.FindFirstValue(stampType)))
        {
            await RejectAsync(context);
            return;
        }

        context.ReplacePrincipal(new ClaimsPrincipal(Current(identity, state, stampType)));
    }

    /// <summary>The identity the rest of the request sees: the cookie's user, with today's rights.</summary>
    public static ClaimsIdentity Current(ClaimsIdentity fromCookie, UserState state, string stampType)
    {
        var identity = new ClaimsIdentity(fromCookie.AuthenticationType, fromCookie.NameClaimType, fromCookie.RoleClaimType);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, state.UserId));
        identity.AddClaim(new Claim(fromCookie.NameClaimType, state.UserName ?? state.UserId));
        identity.AddClaim(new Claim(stampType, state.SecurityStamp!));
        identity.AddClaim(new Claim(UserClaims.DisplayName, state.DisplayName));
        foreach (var role in state.Roles)
        {
            identity.AddClaim(new Claim(fromCookie.RoleClaimType, role));
        }

        if (state.OrganizationId is { } org)
        {
            identity.AddClaim(new Claim(UserClaims.OrganizationId, org.ToString(CultureInfo.InvariantCulture)));
        }

        if (state.IsTopLeader)
        {
            identity.AddClaim(new Claim(UserClaims.TopLeader, "true"));
        }

        // Claims the cookie carries that are not about rights stay: the authentication method, and the generated first
        // password's "change me" mark (removed by changing the password, which also renews the cookie).
        foreach (var claim in fromCookie.Claims.Where(c => c.Type == ClaimTypes.AuthenticationMethod || c.Type == "amr" || c.Type == FirstPasswordChange.ClaimType))
        {
            identity.AddClaim(claim);
        }

        return identity;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
