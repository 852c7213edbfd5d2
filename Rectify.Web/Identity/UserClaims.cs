using System.Security.Claims;

namespace Rectify.Web.Identity;

/// <summary>Claims Rectify adds to the sign-in cookie so every request knows the user's name and organisation without a query.</summary>
public static class UserClaims
{
    public const string DisplayName = "rectify:display_name";
    public const string OrganizationId = "rectify:org";
    public const string TopLeader = "rectify:top_leader";

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");
}
