using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;
using Rectify.Tests.Support;

namespace Rectify.Tests.Ledger;

/// <summary>The demo ledger's items by a word of their description (DemoData.cs), so tests read as the users would.</summary>
internal static class DemoItems
{
    public const string Study = "党员学习教育还需加强";
    public const string Carrier = "党建载体缺乏创新";
    public const string Life = "组织生活制度落实不严";
    public const string Style = "作风建设仍有差距";
    public const string Late = "党建责任落实还不够严";
    public const string LongTerm = "机关党建基础不牢";
    public const string Done = "意识形态工作责任制落实不到位";

    public static readonly string[] All = [Study, Carrier, Life, Style, Late, LongTerm, Done];

    public static string Key(ItemRow row) => All.Single(k => row.Description.StartsWith(k, StringComparison.Ordinal));

    public static string[] Keys(IEnumerable<ItemRow> rows) => rows.Select(Key).ToArray();
}

internal static class LedgerTestKit
{
    /// <summary>The demo user as the app sees them after signing in: claims from the real claims factory, then the ActorFactory.</summary>
    public static async Task<AccessContext> AccessAsync(this RectifyFactory app, string userName)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user {userName}.");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return await scope.ServiceProvider.GetRequiredService<ActorFactory>().CreateAsync(principal)
            ?? throw new InvalidOperationException("Not signed in.");
    }

    public static async Task<ItemPage> ListAsync(this RectifyFactory app, string userName, ItemFilter filter)
    {
        var access = await app.AccessAsync(userName);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ItemQueries>().ListAsync(access, filter);
    }

    public static async Task<IReadOnlyList<WorkItem>> MyWorkAsync(this RectifyFactory app, string userName)
    {
        var access = await app.AccessAsync(userName);
        using var scope = app.Services.CreateScope();
        return MyWork.Classify(access.Actor, await scope.ServiceProvider.GetRequiredService<ItemQueries>().MyWorkAsync(access));
    }

    public static async Task<int> OrganizationIdAsync(this RectifyFactory app, string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static async Task<string> UserIdAsync(this RectifyFactory app, string userName)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }
}

/// <summary>The app with its clock fixed at <paramref name="utcNow"/> (demo data is seeded relative to that day).</summary>
internal sealed class FixedClockFactory(DateTimeOffset utcNow) : RectifyFactory
{
    public DateTimeOffset UtcNow { get; } = utcNow;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new FixedTime(UtcNow)));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
