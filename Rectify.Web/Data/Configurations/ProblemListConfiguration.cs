namespace Rectify.Web.Data.Configurations;

internal sealed class ProblemListConfiguration : IEntityTypeConfiguration<ProblemList>
{
    public void Configure(EntityTypeBuilder<ProblemList> builder)
    {
        builder.ToTable("ProblemLists");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Title).HasMaxLength(LedgerLimits.ProblemListTitle).IsRequired();
        builder.Property(l => l.CreatedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(l => l.IssuingOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.Date);
        builder.Ignore(l => l.PendingAudit);
    }
}
