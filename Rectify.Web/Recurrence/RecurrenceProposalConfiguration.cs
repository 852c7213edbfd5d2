namespace Rectify.Web.Recurrence;

public sealed class RecurrenceProposalConfiguration : IEntityTypeConfiguration<RecurrenceProposal>
{
    public void Configure(EntityTypeBuilder<RecurrenceProposal> builder)
    {
        builder.ToTable("RecurrenceProposals");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasOne<RectificationItem>().WithMany().HasForeignKey(p => p.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RectificationItem>().WithMany().HasForeignKey(p => p.EarlierItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.ItemId, p.EarlierItemId }).IsUnique();
        builder.HasIndex(p => p.EarlierItemId);
    }
}
