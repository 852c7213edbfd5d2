using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Web.Data;
using Rectify.Web.Hosting;

namespace Rectify.Tests.Support;

/// <summary>
/// The real app (Development: demo organisation and accounts) on its own SQLite file in a temp folder, or, for
/// <see cref="DatabaseProvider.Postgres"/>, on its own fresh database of the test PostgreSQL server
/// (<see cref="PostgresServer"/>), dropped again at dispose. Both start as copies of an already migrated database
/// (<see cref="DatabaseTemplates"/>). With <see cref="StartKestrel"/> it listens on a loopback port
/// so a real browser can use it.
/// </summary>
public class RectifyFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new();

    public RectifyFactory()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected RectifyFactory(DatabaseProvider provider)
    {
        Data = new TempFolder("rectify-app");
        Provider = provider;
        if (provider == DatabaseProvider.Postgres)
        {
            // Off xunit's synchronization context: blocking on a continuation posted to it deadlocks when its threads are busy.
            ConnectionString = Task.Run(PostgresServer.CreateMigratedDatabaseAsync).GetAwaiter().GetResult();
            _settings["Database:Provider"] = nameof(DatabaseProvider.Postgres);
            _settings["Database:ConnectionString"] = ConnectionString;
        }
    }

    /// <summary>The app on <paramref name="provider"/>: what a test that runs on both databases creates.</summary>
    public static RectifyFactory On(DatabaseProvider provider) => new(provider);

    public TempFolder Data { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>The PostgreSQL database's connection string (null on SQLite).</summary>
    public string? ConnectionString { get; }

    public RectifyFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            // Where the app finds its database unless a test points it elsewhere (then this copy is simply not used); a file a
            // test put there before the app starts is kept.
            DatabaseTemplates.CopySqliteTo(Data.File("rectify.db"));
        }

        builder.UseEnvironment("Development");
        builder.UseSetting("Rectify:DataFolder", Data.Path);
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests sign in far more often than people do; the tests of the limit itself set a low one.
        builder.UseSetting("SignInLimits:AttemptsPerAddress", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Starts Kestrel on a free loopback port and returns the base address, e.g. http://127.0.0.1:41234/.</summary>
    public string StartKestrel()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return address.TrimEnd('/') + "/";
    }

    public RectifyDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<RectifyDbContext>>().CreateDbContext();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Data.Dispose();
            if (ConnectionString is not null)
            {
                var database = ConnectionString;
                Task.Run(() => PostgresServer.DropDatabaseAsync(database)).GetAwaiter().GetResult();
            }
        }
    }
}

/// <summary>The app on its own PostgreSQL database, for class fixtures (<c>IClassFixture&lt;PostgresRectifyFactory&gt;</c>).</summary>
public class PostgresRectifyFactory() : RectifyFactory(DatabaseProvider.Postgres);
