namespace Rectify.Web.Ledger;

/// <summary>
/// A user's read scope resolved against the database once per view (decision 0047): the organisations whose items they read,
/// and the few items they read only because they are named on them (owner, leader, owner of a measure) outside those
/// organisations, as a list of ids. With it the lists' scope test is "organisation in the list, or id in the list", which
/// both databases answer from indexes, instead of "organisation OR owner OR leader OR measured" tested row by row.
/// </summary>
public sealed class ResolvedScope
{
    public static readonly ResolvedScope Everything = new(true, [], "", []);

    public ResolvedScope(bool all, IReadOnlyCollection<int> organizationIds, string userId, IReadOnlyList<Guid>? namedOutside)
    {
        All = all;
        OrganizationIds = organizationIds;
        UserId = userId;
        NamedOutside = namedOutside;
    }

    /// <summary>The whole ledger (administrator, top leader): no scope test at all.</summary>
    public bool All { get; }

    public IReadOnlyCollection<int> OrganizationIds { get; }

    public string UserId { get; }

    /// <summary>The items named on the user outside <see cref="OrganizationIds"/>; null when there are too many to list (then tested in the query).</summary>
    public IReadOnlyList<Guid>? NamedOutside { get; }
}
