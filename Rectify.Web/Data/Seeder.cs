using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Rectify.Web.Data;

/// <summary>Creates roles, the demo organisation and demo accounts (Development), or the first administrator (elsewhere).</summary>
public sealed class Seeder(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<RectifyDbContext> dbFactory,
    Ledger.LedgerClock clock,
    Microsoft.Extensions.Options.IOptions<Hosting.RectifyOptions> options,
    ILogger<Seeder> logger)
{
    public const string DemoPassword = "Rectify@2026";

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    /// <summary>Outside Development: one administrator, with the configured password or a generated one printed once.</summary>
    public async Task EnsureFirstAdministratorAsync()
    {
        await EnsureRolesAsync();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var password = options.Value.InitialAdminPassword;
        var generated = string.IsNullOrWhiteSpace(password);
        if (generated)
        {
            password = GeneratePassword();
        }

        var admin = await CreateUserAsync("admin", "系统管理员", null, password!, [Roles.Admin]);
        if (generated)
        {
            // Whoever can read the console has seen it: it opens only the change-password page until it is replaced.
            await users.AddClaimAsync(admin, new System.Security.Claims.Claim(Identity.FirstPasswordChange.ClaimType, "true"));
            // Printed once, to the console only; the administrator must change it after the first sign-in.
            Console.WriteLine($"Rectify: created administrator 'admin' with the one-time password: {password}");
        }

        logger.LogInformation("Created the first administrator account 'admin'.");
    }

    /// <summary>Development: the demo organisation tree and accounts of the README, on an empty database only.</summary>
    public async Task SeedDemoAsync(CancellationToken cancellationToken)
    {
        await EnsureRolesAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        await DemoData.SeedAsync(this, db, clock, cancellationToken);
        logger.LogInformation("Seeded demo organisation and accounts (password {Password}).", DemoPassword);
    }

    internal async Task<AppUser> CreateUserAsync(string userName, string displayName, int? organizationId, string password, IReadOnlyList<string> userRoles, bool isTopLeader = false)
    {
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName,
            Email = $"{userName}@rectify.local",
            EmailConfirmed = true,
            OrganizationId = organizationId,
            IsTopLeader = isTopLeader,
            CreatedAt = clock.Now,
        };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, userRoles));
        return user;
    }

    private static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 14);
        return new string(chars) + "@9a";
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
