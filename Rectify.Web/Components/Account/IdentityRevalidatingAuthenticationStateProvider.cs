using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace Rectify.Web.Components.Account;

// Revalidates the circuit's user every few seconds against the database (through UserStateCache, so this is a dictionary
// lookup most of the time): a user who signed out elsewhere, was deactivated or had their rights changed loses the open
// page (it shows the login link) within RevalidationInterval + UserStateCache.Lifetime. Commands do not wait for this:
// ActorFactory refuses such a session at once (decision 0015).
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        UserStateCache users,
        IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(10);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false;
        }

        var state = await users.GetAsync(userId, cancellationToken);
        return state is not null && state.Accepts(principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType));
    }
}
