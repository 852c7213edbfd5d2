namespace Rectify.Web.LedgerIO;

internal sealed class ImportRecordConfiguration : IEntityTypeConfiguration<ImportRecord>
{
    public void Configure(EntityTypeBuilder<ImportRecord> builder)
    {
        builder.ToTable("ImportRecords");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Sha256).HasMaxLength(ImportRecord.HashLength);
        builder.Property(r => r.FileName).HasMaxLength(LedgerLimits.FileName).IsRequired();
        builder.Property(r => r.ImportedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.HasOne<ProblemList>().WithMany().HasForeignKey(r => r.ProblemListId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.Sha256);
        builder.HasIndex(r => r.State);
    }
}
