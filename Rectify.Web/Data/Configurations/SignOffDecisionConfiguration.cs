namespace Rectify.Web.Data.Configurations;

internal sealed class SignOffDecisionConfiguration : IEntityTypeConfiguration<SignOffDecision>
{
    public void Configure(EntityTypeBuilder<SignOffDecision> builder)
    {
        builder.ToTable("SignOffDecisions");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Reason).HasMaxLength(LedgerLimits.Reason);
        builder.Property(d => d.DecidedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(d => d.RequestedBy).HasMaxLength(LedgerLimits.UserId);
        builder.Property(d => d.Summary).HasMaxLength(LedgerLimits.CompletionSummary).IsRequired();
    }
}
