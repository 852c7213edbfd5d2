namespace Rectify.Web.Recurrence;

public sealed class RecurrenceDismissalConfiguration : IEntityTypeConfiguration<RecurrenceDismissal>
{
    public void Configure(EntityTypeBuilder<RecurrenceDismissal> builder)
    {
        builder.ToTable("RecurrenceDismissals");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.DismissedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.HasOne<RectificationItem>().WithMany().HasForeignKey(d => d.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RectificationItem>().WithMany().HasForeignKey(d => d.EarlierItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.ItemId, d.EarlierItemId }).IsUnique();
        builder.HasIndex(d => d.EarlierItemId);
    }
}
