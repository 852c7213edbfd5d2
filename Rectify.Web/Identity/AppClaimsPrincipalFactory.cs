using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Rectify.Web.Identity;

public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(UserClaims.DisplayName, user.DisplayName));
        if (user.OrganizationId is { } org)
        {
            identity.AddClaim(new Claim(UserClaims.OrganizationId, org.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (user.IsTopLeader)
        {
            identity.AddClaim(new Claim(UserClaims.TopLeader, "true"));
        }

        return identity;
    }
}
