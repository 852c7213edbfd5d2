using Rectify.Web.Evidence;

namespace Rectify.Web.Data.Configurations;

internal sealed class EvidenceBlobChunkConfiguration : IEntityTypeConfiguration<EvidenceBlobChunk>
{
    public void Configure(EntityTypeBuilder<EvidenceBlobChunk> builder)
    {
        builder.ToTable("EvidenceBlobChunks");
        builder.HasKey(c => new { c.StorageKey, c.Index });
        builder.Property(c => c.StorageKey).HasMaxLength(Domain.Ledger.LedgerLimits.StorageKey);
        builder.Property(c => c.Data).IsRequired();
    }
}
