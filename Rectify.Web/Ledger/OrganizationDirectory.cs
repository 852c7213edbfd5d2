namespace Rectify.Web.Ledger;

/// <summary>
/// The organisation tree, cached for all users (it changes rarely and every access check needs it). Administrators'
/// changes call <see cref="Invalidate"/>; the cache also expires after a minute so other app instances catch up.
/// </summary>
public sealed class OrganizationDirectory(IDbContextFactory<RectifyDbContext> dbFactory, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Snapshot? _snapshot;

    public sealed record Snapshot(OrganizationTree Tree, IReadOnlyList<Organization> All, IReadOnlyDictionary<int, string> Names, DateTimeOffset LoadedAt);

    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = _snapshot;
        if (current is not null && time.GetUtcNow() - current.LoadedAt < Lifetime)
        {
            return current;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is not null && time.GetUtcNow() - current.LoadedAt < Lifetime)
            {
                return current;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var all = await db.Organizations.AsNoTracking().OrderBy(o => o.Level).ThenBy(o => o.Id).ToListAsync(cancellationToken);
            _snapshot = new Snapshot(new OrganizationTree(all), all, all.ToDictionary(o => o.Id, o => o.Name), time.GetUtcNow());
            return _snapshot;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Invalidate() => _snapshot = null;
}
