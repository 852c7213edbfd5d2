using Rectify.Domain.Auditing;
using Rectify.Web.Data.Configurations;
using Rectify.Web.Recurrence;

namespace Rectify.Web.Data;

/// <summary>PostgreSQL for larger deployments (Database:Provider = Postgres); timestamps are stored as UTC timestamptz.</summary>
public sealed class PostgresRectifyDbContext(DbContextOptions<PostgresRectifyDbContext> options) : RectifyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Npgsql only writes offset-zero DateTimeOffset values to timestamptz; normalise whatever the caller passed.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Candidates for recurring problems (屡查屡犯) come from a trigram index on the description (docs/decisions/0019, 0028);
        // SQLite's counterpart, an FTS5 trigram table kept by triggers, is raw SQL in its migration.
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<RectificationItem>()
            .HasIndex(i => i.Description, RecurrenceSql.PostgresTrigramIndex)
            .HasMethod("gin")
            .HasOperators("gin_trgm_ops");
    }
}
