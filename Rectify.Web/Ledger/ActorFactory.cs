using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Rectify.Web.Ledger;

/// <summary>
/// Builds the domain's view of the signed-in user (<see cref="Actor"/> with the organisation tree) for access checks.
/// Only who the user is comes from the principal (cookie or circuit); their rights come from the database as it is now
/// (<see cref="UserStateCache"/>, seconds old at most). A session whose user was deactivated, or whose security stamp was
/// renewed since it began (sign-out, a change of roles, organisation or assignments), gets no actor at all.
/// </summary>
public sealed class ActorFactory(UserStateCache users, OrganizationDirectory organizations, IOptions<IdentityOptions> identity)
{
    public async Task<AccessContext?> CreateAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }

        var state = await users.GetAsync(userId, cancellationToken);
        if (state is null || !state.Accepts(user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType)))
        {
            return null;
        }

        var actor = new Actor(
            userId,
            state.DisplayName,
            IsAdministrator: state.IsAdministrator,
            IsLeader: state.IsLeader,
            IsTopLeader: state.IsTopLeader,
            IsSecretary: state.IsSecretary,
            OrganizationId: state.OrganizationId,
            AssignedOrganizationIds: state.IsLeader ? state.AssignedOrganizationIds : new HashSet<int>());
        return new AccessContext(actor, (await organizations.GetAsync(cancellationToken)).Tree);
    }
}
