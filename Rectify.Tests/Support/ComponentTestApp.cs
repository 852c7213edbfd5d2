using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Rectify.Web.Data;
using Rectify.Web.Data.Configurations;
using Rectify.Web.Evidence;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;

namespace Rectify.Tests.Support;

/// <summary>
/// Component tests with bUnit on the real app's services: the app (Development: demo organisation and accounts) runs on its
/// own SQLite file, and each <see cref="BunitContext"/> gets the app's singletons (database, clock, evidence store, texts,
/// data protection) and its own scoped services (actor, commands, queries), signed in as a demo user through the claims the
/// app's sign-in gives that user. Nothing of the app is faked; only the browser is absent (JavaScript calls answer nothing).
/// One app serves every component test class (<see cref="ComponentCollection"/>): the tests assert what holds whatever the
/// others added (each creates its own items and lists), and starting the app once instead of per class saves its start-up.
/// </summary>
public class ComponentTestApp : IAsyncLifetime
{
    /// <summary>A leader assigned to 福利院党支部, not to the items' 机关第一党支部.</summary>
    public const string OtherLeader = "leader3";

    /// <summary>A party member of 机关第一党支部 with no role, owner of one measure of each item the tests create.</summary>
    public const string MeasureOwner = "member";

    public RectifyFactory App { get; } = new();

    public virtual async Task InitializeAsync()
    {
        using var scope = App.Services.CreateScope();
        var seeder = scope.ServiceProvider.GetRequiredService<Seeder>();
        await using var db = App.CreateDbContext();
        var office = await db.Organizations.SingleAsync(o => o.Name == "机关第一党支部");
        var welfare = await db.Organizations.SingleAsync(o => o.Name.Contains("福利"));
        var committee = await db.Organizations.OrderBy(o => o.Id).FirstAsync();
        var leader = await seeder.CreateUserAsync(OtherLeader, "周强", committee.Id, Seeder.DemoPassword, [Roles.Leader]);
        await seeder.CreateUserAsync(MeasureOwner, "吴芳", office.Id, Seeder.DemoPassword, []);
        db.LeaderAssignments.Add(new LeaderAssignment { UserId = leader.Id, OrganizationId = welfare.Id });
        await db.SaveChangesAsync();
    }

    /// <summary>A bUnit context in Chinese, signed in as <paramref name="userName"/>; dispose it at the end of the test.</summary>
    public async Task<BunitContext> SignInAsync(string userName, string culture = "zh-CN")
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var principal = await PrincipalAsync(userName);
        // Waits end as soon as the condition holds; the default second is too short on a loaded 2-core machine.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = context.Services;
        foreach (var shared in new[]
                 {
                     typeof(IDbContextFactory<RectifyDbContext>), typeof(LedgerClock), typeof(OrganizationDirectory), typeof(EvidenceStore),
                     typeof(IStringLocalizer<Text>), typeof(IDataProtectionProvider), typeof(TimeProvider),
                     typeof(Rectify.Web.Identity.UserStateCache), typeof(RoleMembers), typeof(IOptions<IdentityOptions>),
                     typeof(IOptions<EvidenceOptions>), typeof(Rectify.Web.LedgerIO.PreparedFiles),
                     typeof(Rectify.Web.Robots.RobotSecrets), typeof(Rectify.Web.Robots.RobotSender), typeof(Rectify.Web.Robots.RobotMessageComposer),
                     typeof(IOptions<Rectify.Web.Robots.RobotOptions>),
                 })
        {
            services.AddSingleton(shared, App.Services.GetRequiredService(shared));
        }

        services.AddSingleton<AuthenticationStateProvider>(new SignedIn(principal));
        services.AddScoped<ActorFactory>();
        services.AddScoped<ActorAccessor>();
        services.AddScoped<ItemCommands>();
        services.AddScoped<ItemQueries>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<ItemDetailQueries>();
        services.AddScoped<Rectify.Web.Recurrence.RecurrenceSearch>();
        services.AddScoped<Rectify.Web.Recurrence.RecurrenceScan>();
        services.AddScoped<Rectify.Web.Recurrence.RecurrenceReview>();
        services.AddScoped<Rectify.Web.Overview.RecurrenceOverviewQueries>();
        services.AddScoped<Rectify.Web.Admin.AdminGuard>();
        services.AddScoped<ProblemListService>();
        services.AddScoped<EvidenceUploads>();
        services.AddScoped<ProtectedLocalStorage>();
        services.AddScoped<Rectify.Web.Components.Shared.UiActions>();
        // The import/export services need only the app's singletons and options: made from the app's provider, one per context
        // (the importer with its own ImportRuns, which the app registers as scoped).
        foreach (var fromApp in new[] { typeof(Rectify.Web.LedgerIO.LedgerExcelImporter), typeof(Rectify.Web.LedgerIO.LedgerExcelTemplate), typeof(Rectify.Web.LedgerIO.ReportFileReader) })
        {
            services.AddScoped(fromApp, _ => fromApp == typeof(Rectify.Web.LedgerIO.LedgerExcelImporter)
                ? ActivatorUtilities.CreateInstance(App.Services, fromApp, ActivatorUtilities.CreateInstance<Rectify.Web.LedgerIO.ImportRuns>(App.Services))
                : ActivatorUtilities.CreateInstance(App.Services, fromApp));
        }

        services.AddCascadingAuthenticationState();
        services.AddScoped<Rectify.Web.Admin.AdminGuard>();
        services.AddScoped<Rectify.Web.Robots.GroupRobotAdministration>();
        services.AddLogging();
        return context;
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The principal the app's own sign-in builds for the user (roles, organisation, top-leader flag).</summary>
    private async Task<ClaimsPrincipal> PrincipalAsync(string userName)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}.");
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
    }

    /// <summary>The circuit's sign-in as Blazor sees it, for one user.</summary>
    private sealed class SignedIn(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
