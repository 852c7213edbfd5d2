using Microsoft.Data.Sqlite;
using Rectify.Web.Hosting;

namespace Rectify.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the provider-specific context behind the provider-neutral <see cref="RectifyDbContext"/>:
    /// a factory for components and services (one short-lived context per operation) and a scoped context for Identity's stores.
    /// </summary>
    public static IServiceCollection AddRectifyData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var settings = StartupSettings.Of(services, configuration, contentRoot);
        var database = settings.Database;

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var connectionString = SqliteConnectionString(database.ConnectionString, settings.DataFolder);
                var sqliteSettings = new SqliteConnectionSettings(database.SqliteCacheMegabytes, database.SqliteMmapMegabytes);
                services.AddDbContextFactory<SqliteRectifyDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(sqliteSettings));
                services.AddSingleton<IDbContextFactory<RectifyDbContext>, ProviderContextFactory<SqliteRectifyDbContext>>();
                break;
            case DatabaseProvider.Postgres:
                // Validated by StartupSettings: a PostgreSQL connection string is set.
                services.AddDbContextFactory<PostgresRectifyDbContext>(o => o.UseNpgsql(database.ConnectionString));
                services.AddSingleton<IDbContextFactory<RectifyDbContext>, ProviderContextFactory<PostgresRectifyDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{database.Provider}' is not supported; use Sqlite or Postgres.");
        }

        services.AddScoped<RectifyDbContext>(sp => sp.GetRequiredService<IDbContextFactory<RectifyDbContext>>().CreateDbContext());
        // First of all hosted services: the schema must exist before anything else starts reading it (Data Protection's
        // hosted service, registered earlier by the framework, reads the key ring table at start).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseInitializer>());
        return services;
    }

    /// <summary>The configured SQLite connection string, or DataFolder/rectify.db; the folder is created if missing.</summary>
    public static string SqliteConnectionString(string? configured, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        Directory.CreateDirectory(dataFolder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, "rectify.db"),
            // Waits up to this many seconds for another writer instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
        }.ToString();
    }

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<RectifyDbContext>
        where TContext : RectifyDbContext
    {
        public RectifyDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
