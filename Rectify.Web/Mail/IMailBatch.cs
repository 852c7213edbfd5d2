namespace Rectify.Web.Mail;

/// <summary>
/// One run's worth of sending, one message at a time. A failed send throws; the batch stays usable for the next message.
/// Disposing it ends the run politely (SMTP QUIT).
/// </summary>
public interface IMailBatch : IAsyncDisposable
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}
