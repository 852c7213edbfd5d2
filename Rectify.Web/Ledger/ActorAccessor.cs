using Microsoft.AspNetCore.Components.Authorization;

namespace Rectify.Web.Ledger;

/// <summary>The current circuit's user as an <see cref="AccessContext"/>; throws if nobody is signed in.</summary>
public sealed class ActorAccessor(AuthenticationStateProvider authentication, ActorFactory factory)
{
    public async Task<AccessContext> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await factory.CreateAsync(state.User, cancellationToken)
            ?? throw new UnauthorizedAccessException("Not signed in.");
    }
}
