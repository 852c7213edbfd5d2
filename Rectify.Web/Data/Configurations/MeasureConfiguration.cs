namespace Rectify.Web.Data.Configurations;

internal sealed class MeasureConfiguration : IEntityTypeConfiguration<Measure>
{
    public void Configure(EntityTypeBuilder<Measure> builder)
    {
        builder.ToTable("Measures");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Text).HasMaxLength(LedgerLimits.MeasureText).IsRequired();
        builder.Property(m => m.OwnerId).HasMaxLength(LedgerLimits.UserId);
        builder.HasIndex(m => m.OwnerId);
    }
}
