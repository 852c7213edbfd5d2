namespace Rectify.Web.Data.Configurations;

/// <summary>
/// The kept counts (decision 0035). No foreign keys: the triggers write a row before anything else may look at it, and an
/// organisation or list with items cannot be deleted anyway. Rows whose count fell to 0 stay (a later item reuses them).
/// </summary>
internal sealed class ItemCountConfiguration : IEntityTypeConfiguration<ItemCount>
{
    public void Configure(EntityTypeBuilder<ItemCount> builder)
    {
        builder.ToTable("ItemCounts");
        builder.HasKey(c => new { c.Dimension, c.Key, c.Source, c.Status, c.OrganizationId });
        builder.Property(c => c.Key).HasMaxLength(Domain.Ledger.LedgerLimits.Category);
        // A leader's or secretary's figures read the rows of their organisations: one short range per organisation, where the
        // key leads the primary key and every organisation's rows of a dimension were read and filtered (decision 0047).
        builder.HasIndex(c => new { c.Dimension, c.OrganizationId, c.Status, c.Key });
    }
}
