using Rectify.Web.Hosting;

namespace Rectify.Web.Data;

/// <summary>
/// At start: applies the provider's migrations, switches SQLite to WAL, and seeds (demo data in Development, otherwise only
/// the first administrator). Runs as a hosted service so the app does not accept requests before the schema exists.
/// </summary>
public sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<RectifyOptions> options,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<RectifyDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers work while one writer writes; the mode is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        else if (db.Database.IsNpgsql())
        {
            // Several instances may start at once on one database: one at a time migrates and seeds, the others then find
            // the schema and the seeded accounts (without this two could both create the first administrator). The session
            // lock lives on a connection of its own, unpooled, so closing it surely ends the session and the lock with it.
            var lockConnection = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
            await using var connection = new Npgsql.NpgsqlConnection(lockConnection.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({StartupLock})", connection) { CommandTimeout = 0 })
            {
                await take.ExecuteNonQueryAsync(cancellationToken);
            }

            await MigrateAndSeedAsync(db, scope.ServiceProvider, cancellationToken);
            return;
        }

        await MigrateAndSeedAsync(db, scope.ServiceProvider, cancellationToken);
    }

    private const long StartupLock = 7368657272;

    private async Task MigrateAndSeedAsync(RectifyDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        // A migration that fills or indexes a large ledger (e.g. KeptCounts at 1,000,000 items) takes longer than a page's
        // 30 s command timeout; the schema must not be left half upgraded for that.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // The query planner's statistics (sqlite_stat1): gathered for tables that have none or have grown much since, with
            // SQLite's own row limit per index. Without them SQLite guesses from the schema alone, e.g. it read every
            // item of a 包抓 leader's organisations to find the few marked as recurrences (decision 0052).
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize = 0x10002;", cancellationToken);
        }

        db.Database.SetCommandTimeout(null);
        var seeder = services.GetRequiredService<Seeder>();
        if (options.Value.SeedDemoData && environment.IsDevelopment())
        {
            await seeder.SeedDemoAsync(cancellationToken);
        }
        else
        {
            if (options.Value.SeedDemoData)
            {
                logger.LogWarning("Rectify:SeedDemoData is ignored outside Development.");
            }

            await seeder.EnsureFirstAdministratorAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
