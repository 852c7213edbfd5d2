using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Web.Hosting;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;

namespace Rectify.Benchmarks;

/// <summary>
/// The app's own service provider (builder.AddRectify(), as Program.cs builds it) on the database the environment names, without
/// serving requests or running hosted services: Rectify__DataFolder for SQLite, or Database__Provider=Postgres and
/// Database__ConnectionString. Jobs are off (the benchmarks call the runs themselves). Generate the data first (generate-data).
/// </summary>
public static class BenchHost
{
    private static readonly Lazy<WebApplication> App = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IServiceProvider Services => App.Value.Services;

    public static string Provider => App.Value.Configuration["Database:Provider"] ?? "Sqlite";

    private static WebApplication Build()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        });
        builder.Configuration.AddEnvironmentVariables();
        builder.AddRectify();
        return builder.Build();
    }

    /// <summary>The user as the app sees them after signing in (claims factory, then ActorFactory), e.g. bench.admin, bench.leader2.</summary>
    public static async Task<AccessContext> AccessAsync(string userName)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}: run generate-data first.");
        ClaimsPrincipal principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return await scope.ServiceProvider.GetRequiredService<ActorFactory>().CreateAsync(principal)
            ?? throw new InvalidOperationException("Not signed in.");
    }
}
