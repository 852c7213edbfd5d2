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

        // The whole ledger's overdue total sums every past month's kept rows of the unfinished statuses (decision 0035): through
        // the primary key (key before status) that read ~54,000 index entries and their ~900 table pages at 1,000,000 items
        // (43–99 ms); this index, in (dimension, status, key) order with the count beside the key, answers it from the index
        // alone (~170 pages, 10–27 ms under load; decision 0060). SQLite has its own covering index (decision 0051).
        builder.Entity<ItemCount>()
            .HasIndex(c => new { c.Dimension, c.Status, c.Key }, "IX_ItemCounts_Dimension_Status_Key")
            .IncludeProperties(c => c.Count);
    }
}
