namespace Rectify.Web.Data.Configurations;

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> builder)
    {
        builder.ToTable("ExtensionRequests");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Reason).HasMaxLength(LedgerLimits.Reason).IsRequired();
        builder.Property(e => e.RequestedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(e => e.DecidedBy).HasMaxLength(LedgerLimits.UserId);
        builder.Property(e => e.DecisionComment).HasMaxLength(LedgerLimits.Reason);
        builder.HasIndex(e => e.State);
    }
}
