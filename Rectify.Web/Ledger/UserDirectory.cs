namespace Rectify.Web.Ledger;

/// <summary>People to pick as owners and leaders, and the name to show for a user id.</summary>
public sealed class UserDirectory(RoleMembers members)
{
    /// <summary>The active people in the role, by name: seconds old at most (<see cref="RoleMembers"/>).</summary>
    public Task<IReadOnlyList<PersonOption>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
        members.GetAsync(role, cancellationToken);

    /// <summary>The person's name, or empty for an id not among <paramref name="names"/>. (The scheduler is no item's person:
    /// it only closes items, and the audit entries it writes show it through <see cref="Localization.ActorText"/>.)</summary>
    public static string Name(IReadOnlyDictionary<string, string> names, string? userId) =>
        userId is not null && names.TryGetValue(userId, out var name) ? name : "";
}
