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
