using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Web.Data;
using Rectify.Web.Identity;

namespace Rectify.Web.Ledger;

/// <summary>Builds the domain's view of the signed-in user (<see cref="Actor"/> with the organisation tree) for access checks.</summary>
public sealed class ActorFactory(IDbContextFactory<RectifyDbContext> dbFactory, OrganizationDirectory organizations)
{
    public async Task<AccessContext?> CreateAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }

        var isLeader = user.IsInRole(Roles.Leader);
        IReadOnlySet<int> assigned = new HashSet<int>();
        if (isLeader)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            assigned = (await db.LeaderAssignments.Where(a => a.UserId == userId).Select(a => a.OrganizationId).ToListAsync(cancellationToken)).ToHashSet();
        }

        var org = user.FindFirstValue(UserClaims.OrganizationId) is { } o ? int.Parse(o, CultureInfo.InvariantCulture) : (int?)null;
        var actor = new Actor(
            userId,
            user.FindFirstValue(UserClaims.DisplayName) ?? user.Identity.Name ?? userId,
            IsAdministrator: user.IsInRole(Roles.Admin),
            IsLeader: isLeader,
            IsTopLeader: isLeader && user.HasClaim(UserClaims.TopLeader, "true"),
            IsSecretary: user.IsInRole(Roles.Secretary),
            OrganizationId: org,
            AssignedOrganizationIds: assigned);
        return new AccessContext(actor, (await organizations.GetAsync(cancellationToken)).Tree);
    }
}

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
