namespace Rectify.Web.Auditing;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.EntityType).HasMaxLength(64).IsRequired();
        builder.Property(a => a.EntityId).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(64).IsRequired();
        builder.Property(a => a.ActorId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.ActorName).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Comment).HasMaxLength(4000);
        builder.HasIndex(a => new { a.EntityType, a.EntityId, a.Id });
        builder.HasIndex(a => a.At);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        // Unsealed entries are found through this index (Hash IS NULL) by the sealing job.
        builder.HasIndex(a => a.Hash);
    }
}
