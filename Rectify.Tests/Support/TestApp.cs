using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Rectify.Web.Data;
using Rectify.Web.Hosting;
using Rectify.Web.Jobs;
using Rectify.Web.Mail;

namespace Rectify.Tests.Support;

/// <summary>
/// The app's data, mail and jobs services (the same extension methods Program uses) on a SQLite file in a temp folder (or the PostgreSQL database its settings name), with
/// a test clock, without the web front end. Disposing it is a process stop; building another on the same folder is a restart.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly IHost _host;

    private TestApp(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public RectifyDbContext NewDb() => Get<IDbContextFactory<RectifyDbContext>>().CreateDbContext();

    public static async Task<TestApp> StartAsync(
        string folder,
        TimeProvider clock,
        IDictionary<string, string?>? settings = null,
        Action<IQuartzBuilder>? quartz = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = folder,
            EnvironmentName = "Testing",
            DisableDefaults = true,
        });
        var values = new Dictionary<string, string?>
        {
            ["Rectify:DataFolder"] = folder,
            ["Jobs:Enabled"] = "false",
            ["Mail:FromAddress"] = "rectify@example.org",
            ["Mail:TimeoutSeconds"] = "10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(clock);
        builder.Services.AddOptions<RectifyOptions>().Bind(builder.Configuration.GetSection(RectifyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRectifyData(builder.Configuration, folder);
        // The app's initializer also seeds Identity; here the schema is migrated below, before the scheduler starts.
        builder.Services.RemoveAll<IHostedService>();
        builder.Services.AddRectifyMail(builder.Configuration).AddRectifyJobs(builder.Configuration, folder, quartz);
        services?.Invoke(builder.Services);

        var host = builder.Build();
        await using (var db = host.Services.GetRequiredService<IDbContextFactory<RectifyDbContext>>().CreateDbContext())
        {
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;"); // as DatabaseInitializer does
            }

            await db.Database.MigrateAsync();
        }

        await host.StartAsync();
        return new TestApp(host);
    }

    /// <summary><paramref name="settings"/> plus, when <paramref name="postgres"/> is a connection string, the switch to PostgreSQL.</summary>
    public static Dictionary<string, string?> OnDatabase(IDictionary<string, string?>? settings, string? postgres)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (postgres is not null)
        {
            all["Database:Provider"] = nameof(DatabaseProvider.Postgres);
            all["Database:ConnectionString"] = postgres;
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
