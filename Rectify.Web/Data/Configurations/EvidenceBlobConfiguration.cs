using Rectify.Web.Evidence;

namespace Rectify.Web.Data.Configurations;

internal sealed class EvidenceBlobConfiguration : IEntityTypeConfiguration<EvidenceBlob>
{
    public void Configure(EntityTypeBuilder<EvidenceBlob> builder)
    {
        builder.ToTable("EvidenceBlobs");
        builder.HasKey(b => b.StorageKey);
        builder.Property(b => b.StorageKey).HasMaxLength(Domain.Ledger.LedgerLimits.StorageKey);
        builder.Property(b => b.Sha256).HasMaxLength(64).IsRequired();
        builder.HasMany<EvidenceBlobChunk>().WithOne().HasForeignKey(c => c.StorageKey).OnDelete(DeleteBehavior.Cascade);
    }
}
