using Microsoft.EntityFrameworkCore;
using Rectify.Web.Data;
using Rectify.Web.Identity;

namespace Rectify.Web.Ledger;

/// <summary>People to pick as owners and leaders, and names to show for user ids.</summary>
public sealed class UserDirectory(IDbContextFactory<RectifyDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PersonOption>> InRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        return await db.Users
            .Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId))
            .OrderBy(u => u.DisplayName)
            .Select(u => new PersonOption(u.Id, u.DisplayName, u.UserName!, u.OrganizationId, u.IsActive))
            .ToListAsync(cancellationToken);
    }

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

    public static string Name(IReadOnlyDictionary<string, string> names, string? userId) =>
        userId is not null && names.TryGetValue(userId, out var name) ? name : userId == Rectify.Domain.Access.Actor.System.UserId ? Rectify.Domain.Access.Actor.System.DisplayName : "";
}
