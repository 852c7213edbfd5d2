namespace Rectify.Domain.Access;

/// <summary>
/// The signed-in user as the domain sees them. Roles combine: a 党组成员 can be a leader and a branch secretary.
/// </summary>
/// <param name="OrganizationId">The organisation the user belongs to (for a secretary: the one they lead).</param>
/// <param name="AssignedOrganizationIds">For leaders: the organisations they are assigned to (包抓); their descendants are included.</param>
public sealed record Actor(
    string UserId,
    string DisplayName,
    bool IsAdministrator,
    bool IsLeader,
    bool IsTopLeader,
    bool IsSecretary,
    int? OrganizationId,
    IReadOnlySet<int> AssignedOrganizationIds)
{
    public const string SystemUserId = "system";

    /// <summary>
    /// The scheduler. It has no roles; only <c>Close</c> accepts it. Its name is the stable code <see cref="SystemUserId"/>,
    /// which audit entries store as data; the UI shows it in the reader's language (decision 0053).
    /// </summary>
    public static Actor System { get; } =
        new(SystemUserId, SystemUserId, false, false, false, false, null, new HashSet<int>());

    public bool IsSystem => UserId == SystemUserId;
}
