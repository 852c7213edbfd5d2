namespace Rectify.Web.Data.Configurations;

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.ToTable("EvidenceFiles");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.FileName).HasMaxLength(LedgerLimits.FileName).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(LedgerLimits.ContentType).IsRequired();
        builder.Property(e => e.StorageKey).HasMaxLength(LedgerLimits.StorageKey).IsRequired();
        builder.Property(e => e.UploadedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
    }
}
