using Microsoft.EntityFrameworkCore;
using Rectify.Web.Data;
using Rectify.Web.Identity;

namespace Rectify.Web.Ledger;

/// <summary>People to pick as owners and leaders, and names to show for user ids.</summary>
public sealed class UserDirectory(IDbContextFactory<RectifyDbContext> dbFactory, RoleMembers members)
{
    /// <summary>The active people in the role, by name: seconds old at most (<see cref="RoleMembers"/>).</summary>
    public Task<IReadOnlyList<PersonOption>> InRoleAsync(string role, CancellationToken cancellationToken = default) =>
        members.GetAsync(role, cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Where(id => !string.IsNullOrEmpty(id)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    /// <summary>The person's name, or empty for an id not among <paramref name="names"/>. (The scheduler is no item's person:
    /// it only closes items, and the audit entries it writes show it through <see cref="Localization.ActorText"/>.)</summary>
    public static string Name(IReadOnlyDictionary<string, string> names, string? userId) =>
        userId is not null && names.TryGetValue(userId, out var name) ? name : "";
}
