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
        // alone; a limited scope's organisations are read through IX_ItemCounts_Organization_Covering below (decisions 0047
        // and 0062). PostgreSQL reads them with its own plans (decision 0051).
        builder.Entity<ItemCount>().HasIndex(c => new { c.Dimension, c.Key, c.Source, c.Status, c.OrganizationId, c.Count }, "IX_ItemCounts_Covering");

        // The same for reads by organisation: decision 0047's (Dimension, OrganizationId, Status, Key) with the rest of the key and
        // the count, in its place. The whole ledger's overdue count per organisation (the due-month rows of every organisation,
        // grouped in this order) read each of its 70,000 entries at 1,000,000 items and looked up the table row for the count:
        // 75-150 ms under load, 15-20 ms from this index alone; a limited scope reads the same short ranges as before (decision 0062).
        var counts = builder.Entity<ItemCount>();
        string[] byOrganizationColumns = [nameof(ItemCount.Dimension), nameof(ItemCount.OrganizationId), nameof(ItemCount.Status), nameof(ItemCount.Key)];
        var byOrganization = counts.Metadata.FindIndex(byOrganizationColumns.Select(p => counts.Metadata.FindProperty(p)!).ToList())!;
        counts.Metadata.RemoveIndex(byOrganization);
        counts.HasIndex(c => new { c.Dimension, c.OrganizationId, c.Status, c.Key, c.Source, c.Count }, "IX_ItemCounts_Organization_Covering");
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
