namespace Rectify.Web.Bulletins;

public sealed class BulletinConfiguration : IEntityTypeConfiguration<Bulletin>
{
    public void Configure(EntityTypeBuilder<Bulletin> builder)
    {
        builder.ToTable("Bulletins");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Number).HasMaxLength(Bulletin.NumberMaxLength).IsRequired();
        builder.Property(b => b.Title).HasMaxLength(Bulletin.TitleMaxLength).IsRequired();
        builder.Property(b => b.IssuedByUserId).HasMaxLength(450);
        builder.Property(b => b.FiguresJson).IsRequired();
        builder.Property(b => b.Document).IsRequired();
        builder.Ignore(b => b.Period);
        // One bulletin per cadence and period: the scheduled job and a leader's click race on this, and the loser gets the winner's.
        builder.HasIndex(b => new { b.Cadence, b.PeriodStart }).IsUnique();
        builder.HasIndex(b => new { b.Year, b.Sequence }).IsUnique();
        builder.HasIndex(b => b.IssuedAt);
    }
}
