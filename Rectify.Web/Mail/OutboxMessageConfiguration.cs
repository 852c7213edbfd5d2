namespace Rectify.Web.Mail;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(OutboxMessage.IdempotencyKeyMaxLength).IsRequired();
        // The database's own guarantee behind Outbox.EnqueueAsync's check: one message per key, whatever races.
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();
        // Rows written before group robots existed are mail.
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16).IsRequired().HasDefaultValue(OutboxChannel.Mail).HasSentinel((OutboxChannel)(-1));
        builder.Property(m => m.Kind).HasMaxLength(OutboxMessage.KindMaxLength).IsRequired();
        builder.Property(m => m.RecipientUserId).HasMaxLength(450).IsRequired();
        builder.Property(m => m.ToAddress).HasMaxLength(OutboxMessage.AddressMaxLength).IsRequired();
        builder.Property(m => m.ToName).HasMaxLength(OutboxMessage.NameMaxLength).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength).IsRequired();
        builder.Property(m => m.TextBody).IsRequired();
        builder.Property(m => m.HtmlBody).IsRequired();
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.LastErrorMaxLength);
        // The dispatcher's query: due messages in a state, oldest first.
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
    }
}
