using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rectify.Web.Identity;

namespace Rectify.Web.Data;

/// <summary>
/// The application's database: Identity plus the ledger. One derived type per provider
/// (<see cref="SqliteRectifyDbContext"/>, later PostgreSQL) so each has its own migrations, which are hand-written with
/// EF's MigrationBuilder API because Microsoft.EntityFrameworkCore.Design is not available here
/// (docs/decisions/0003-hand-written-migrations.md; regenerate with <c>./test.sh --write-migrations</c> only before the first release).
/// In Blazor Server always use <see cref="IDbContextFactory{TContext}"/> and one short-lived context per operation.
/// </summary>
public abstract class RectifyDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength).IsRequired();
            user.HasIndex(u => u.OrganizationId);
        });

        builder.ApplyConfigurationsFromAssembly(typeof(RectifyDbContext).Assembly, t => t.Namespace?.StartsWith("Rectify.Web", StringComparison.Ordinal) == true);
    }
}

public sealed class SqliteRectifyDbContext(DbContextOptions<SqliteRectifyDbContext> options) : RectifyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot ORDER BY or compare DateTimeOffset stored as TEXT with offsets correctly; store UTC ticks instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverterUtc>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverterUtc>();
    }
}
