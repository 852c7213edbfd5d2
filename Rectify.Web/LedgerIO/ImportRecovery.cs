namespace Rectify.Web.LedgerIO;

/// <summary>
/// Rolls back import runs whose process died (<see cref="ImportRuns.RecoverAsync"/>), at start-up and then every
/// <see cref="Lease"/>. On SQLite one process owns the database, so at start-up every unfinished run is dead; on PostgreSQL
/// another instance may be running one, so only runs whose heartbeat is older than <see cref="Lease"/> are taken for dead
/// (a running import renews its heartbeat with every batch, a fraction of a second apart).
/// Registered after DatabaseInitializer (hosted services start in registration order), so the schema exists when it queries.
/// </summary>
public sealed class ImportRecovery(
    IServiceScopeFactory scopes, IDbContextFactory<RectifyDbContext> dbFactory, TimeProvider time, ILogger<ImportRecovery> logger) : BackgroundService
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        bool sqlite;
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            sqlite = db.Database.IsSqlite();
        }

        var staleAfter = sqlite ? TimeSpan.Zero : Lease;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var recovered = await scope.ServiceProvider.GetRequiredService<ImportRuns>().RecoverAsync(staleAfter, stoppingToken);
                if (recovered > 0)
                {
                    logger.LogWarning("Rolled back {Count} import runs left unfinished.", recovered);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not roll back unfinished import runs; trying again in {Lease}.", Lease);
            }

            // After start-up another process (PostgreSQL) or this one may own a running import: only stale runs from now on.
            staleAfter = Lease;
            try
            {
                await Task.Delay(Lease, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
