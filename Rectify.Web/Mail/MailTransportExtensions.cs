namespace Rectify.Web.Mail;

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
