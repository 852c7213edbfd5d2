namespace Rectify.Web.Identity;

/// <summary>
/// What the database says about a user right now: whether they may act at all, with which roles, in which organisation.
/// Rights are decided from this, never from what the sign-in cookie said when it was issued (decision 0015).
/// </summary>
public sealed record UserState(
    string UserId,
    string? UserName,
    string DisplayName,
    bool IsActive,
    string? SecurityStamp,
    IReadOnlySet<string> Roles,
    bool IsTopLeader,
    int? OrganizationId,
    IReadOnlySet<int> AssignedOrganizationIds)
{
    public bool IsAdministrator => Roles.Contains(Identity.Roles.Admin);

    public bool IsLeader => Roles.Contains(Identity.Roles.Leader);

    public bool IsSecretary => Roles.Contains(Identity.Roles.Secretary);

    /// <summary>True when a session carrying <paramref name="stamp"/> may still act: the user is active and the stamp was
    /// not renewed since (sign-out, deactivation, a change of roles, organisation, top-leader flag or assignments renew it).</summary>
    public bool Accepts(string? stamp) => IsActive && SecurityStamp is not null && stamp == SecurityStamp;
}
