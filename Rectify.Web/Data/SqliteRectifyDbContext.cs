using Rectify.Domain.Auditing;
using Rectify.Web.Data.Configurations;

namespace Rectify.Web.Data;

public sealed class SqliteRectifyDbContext(DbContextOptions<SqliteRectifyDbContext> options) : RectifyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot ORDER BY or compare DateTimeOffset stored as TEXT with offsets correctly; store UTC ticks instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverterUtc>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverterUtc>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // The kept counts are read by ranges of their key (a dimension, its keys), summing Count. A SQLite table's primary key is
        // an index beside the rows, so without these every row read is a second lookup into the table (the overdue total at
        // 1,000,000 items: 60–160 ms). This covering index, in the key's order, answers the whole ledger's reads from the index
        // alone; a limited scope's organisations are read through IX_ItemCounts_Dimension_OrganizationId_Status_Key (decision
        // 0047). PostgreSQL reads them with its own plans (decision 0051).
        builder.Entity<ItemCount>().HasIndex(c => new { c.Dimension, c.Key, c.Source, c.Status, c.OrganizationId, c.Count }, "IX_ItemCounts_Covering");
        builder.HasDbFunction(typeof(SqliteRectifyDbContext).GetMethod(nameof(Likelihood))!).HasName("likelihood").IsBuiltIn();
    }

    /// <summary>
    /// SQLite's <c>likelihood(X, P)</c>: X itself, with the hint that it holds for the fraction P of the rows (P a literal).
    /// SQLite's statistics (sqlite_stat1) count all NULLs as one value, so on their own they make "X IS NOT NULL" look
    /// unselective on a column that is nearly always NULL (decision 0052). Only in queries on this context.
    /// </summary>
    public static bool Likelihood(bool condition, double probability) =>
        throw new InvalidOperationException("Translated to SQL by SQLite queries only.");
}
