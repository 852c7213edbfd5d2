namespace Rectify.Web.Data.Configurations;

internal sealed class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> builder)
    {
        builder.ToTable("ProgressReports");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Text).HasMaxLength(LedgerLimits.ProgressText).IsRequired();
        builder.Property(p => p.AuthorId).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(p => p.AuthorName).HasMaxLength(Identity.AppUser.DisplayNameMaxLength).IsRequired();
    }
}
