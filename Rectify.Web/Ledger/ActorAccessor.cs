using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Rectify.Domain.Access;
using Rectify.Web.Identity;

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
