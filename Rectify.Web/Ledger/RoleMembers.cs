using System.Collections.Concurrent;

namespace Rectify.Web.Ledger;

/// <summary>
/// The active people in each role, as the pickers and filters offer them, read from the database and kept for at most
/// <see cref="UserStateCache.Lifetime"/>: the item list showed its 责任领导 filter from two queries on every page view, a third
/// of the page's own work at 100,000 items (docs/performance.md, "Page time over HTTP"). A change made through the
/// administration pages takes effect at once (<see cref="Invalidate"/>); one made on another instance within seconds, as
/// rights do (decision 0015). Only what is offered is cached: every command still checks people against the database.
/// </summary>
public sealed class RoleMembers(IDbContextFactory<RectifyDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _version;

    public async Task<IReadOnlyList<PersonOption>> GetAsync(string role, CancellationToken cancellationToken = default)
    {
        var now = Environment.TickCount64;
        if (_entries.TryGetValue(role, out var entry) && entry.Expires > now)
        {
            return entry.People;
        }

        // A change made while reading is not stored over: the next page reads again.
        var version = Interlocked.Read(ref _version);
        var people = await LoadAsync(role, cancellationToken);
        if (Interlocked.Read(ref _version) == version)
        {
            _entries[role] = new Entry(people, now + (long)UserStateCache.Lifetime.TotalMilliseconds);
        }

        return people;
    }

    /// <summary>Forget every role's members, so the next page reads the database (after a user was added or changed).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _entries.Clear();
    }

    private async Task<IReadOnlyList<PersonOption>> LoadAsync(string role, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users
            .Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new PersonOption(u.Id, u.DisplayName, u.UserName!, u.OrganizationId, u.IsActive))
            .ToArrayAsync(cancellationToken);
    }

    private sealed record Entry(IReadOnlyList<PersonOption> People, long Expires);
}
