namespace Rectify.Web.Mail;

/// <summary>
/// Delivers mail. Open one <see cref="IMailBatch"/> per run and send many messages through it, so an implementation can reuse
/// what it can (for SMTP: one connection for the whole batch) instead of building it per message.
/// </summary>
public interface IMailTransport
{
    /// <summary>A short human-readable description for logs, e.g. "SMTP mail.example.org:587 (STARTTLS)".</summary>
    string Description { get; }

    IMailBatch OpenBatch();
}

/// <summary>
/// One run's worth of sending, one message at a time. A failed send throws; the batch stays usable for the next message.
/// Disposing it ends the run politely (SMTP QUIT).
/// </summary>
public interface IMailBatch : IAsyncDisposable
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

public static class MailTransportExtensions
{
    /// <summary>Sends a single message in a batch of its own.</summary>
    public static async Task SendAsync(this IMailTransport transport, OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        await using var batch = transport.OpenBatch();
        await batch.SendAsync(mail, cancellationToken);
    }
}
