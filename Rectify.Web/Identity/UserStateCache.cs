using System.Collections.Concurrent;

namespace Rectify.Web.Identity;

/// <summary>
/// The <see cref="UserState"/> of each user, read from the database and kept for at most <see cref="Lifetime"/>, so that
/// every request and every command can follow the database without a query each time (a dictionary lookup, and three small
/// indexed queries per user every few seconds; docs/performance.md, "Query shapes"). A change made on this
/// instance takes effect at once (<see cref="Invalidate"/>); one made on another instance within <see cref="Lifetime"/>.
/// </summary>
/// <remarks>Expiry uses the machine's monotonic tick count, not the injected <see cref="TimeProvider"/>: tests freeze the
/// business clock, and a frozen clock must not freeze anyone's rights.</remarks>
public sealed class UserStateCache(IDbContextFactory<RectifyDbContext> dbFactory)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The user's current state, or null when no such user exists.</summary>
    public async Task<UserState?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = Environment.TickCount64;
        if (_entries.TryGetValue(userId, out var entry) && entry.Expires > now)
        {
            return entry.State;
        }

        var state = await LoadAsync(userId, cancellationToken);
        _entries[userId] = new Entry(state, now + (long)Lifetime.TotalMilliseconds);
        if (_entries.Count > 10_000)
        {
            // Bounded: drop what has expired rather than grow with every user who ever signed in.
            foreach (var (key, old) in _entries)
            {
                if (old.Expires <= now)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }

        return state;
    }

    /// <summary>Forget what is known of the user, so the next request reads the database (after a change to them).</summary>
    public void Invalidate(string userId) => _entries.TryRemove(userId, out _);

    private async Task<UserState?> LoadAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.IsActive, u.SecurityStamp, u.IsTopLeader, u.OrganizationId })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .ToListAsync(cancellationToken);
        var assigned = await db.LeaderAssignments.Where(a => a.UserId == userId).Select(a => a.OrganizationId).ToListAsync(cancellationToken);
        var roleSet = roles.OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new UserState(
            user.Id,
            user.UserName,
            user.DisplayName,
            user.IsActive,
            user.SecurityStamp,
            roleSet,
            user.IsTopLeader && roleSet.Contains(Roles.Leader),
            user.OrganizationId,
            assigned.ToHashSet());
    }

    private sealed record Entry(UserState? State, long Expires);
}
