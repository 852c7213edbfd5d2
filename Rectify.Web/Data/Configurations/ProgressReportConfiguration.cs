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
        // One report per submitted form and item (decision 0063): a POST sent twice (a retry, nginx passing it to the other
        // instance) finds the first report; when both arrive at once, this index refuses the second. Partial: only reports
        // from a form carry an id.
        // SubmissionId first: the index on ItemId alone stays (this one is partial, so it would not serve every report).
        builder.Property<Guid?>("ItemId");
        builder.HasIndex(nameof(ProgressReport.SubmissionId), "ItemId").IsUnique().HasFilter("\"SubmissionId\" IS NOT NULL")
            .HasDatabaseName(SubmissionIndex);
    }

    /// <summary>The unique index on (SubmissionId, ItemId); its violation means "this form was already saved".</summary>
    public const string SubmissionIndex = "IX_ProgressReports_SubmissionId_ItemId";
}
