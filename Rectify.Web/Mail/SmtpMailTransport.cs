using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Rectify.Web.Mail;

/// <summary>
/// Sends over SMTP with <see cref="SmtpClient"/>: STARTTLS when <see cref="MailOptions.EnableStartTls"/> (SmtpClient.EnableSsl
/// upgrades a plain connection; it cannot do implicit TLS on port 465), AUTH when a user name is set.
/// One SmtpClient serves a whole batch; how it manages the TCP connection between messages is up to SmtpClient.
/// </summary>
/// <remarks>
/// SmtpClient authenticates with AUTH LOGIN. When the server rejects the credentials it does not fail there: it carries on
/// unauthenticated, and the server then refuses MAIL FROM ("5.7.0 Authentication required"), which is what the outbox's
/// LastError shows for a wrong password.
/// </remarks>
public sealed class SmtpMailTransport : IMailTransport
{
    private readonly MailOptions _options;

    public SmtpMailTransport(IOptions<MailOptions> options)
    {
        _options = options.Value;
        if (!string.IsNullOrWhiteSpace(_options.TrustedServerCertificateSha256))
        {
            ServerCertificatePinning.Trust(_options.TrustedServerCertificateSha256);
        }
    }

    public string Description => $"SMTP {_options.Host}:{_options.Port}{(_options.EnableStartTls ? " (STARTTLS)" : "")}";

    public IMailBatch OpenBatch()
    {
        var client = new SmtpClient(_options.Host, _options.Port)
        {
            EnableSsl = _options.EnableStartTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = _options.TimeoutSeconds * 1000,
        };
        if (!string.IsNullOrWhiteSpace(_options.UserName))
        {
            client.UseDefaultCredentials = false;
            client.Credentials = new NetworkCredential(_options.UserName, _options.Password);
        }

        return new Batch(client, _options);
    }

    private sealed class Batch(SmtpClient client, MailOptions options) : IMailBatch
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            using var message = MailMessageBuilder.Build(options, mail);
            // SmtpClient.Timeout applies only to the synchronous Send; bound the asynchronous one ourselves.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            try
            {
                await client.SendMailAsync(message, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SmtpException($"The SMTP server did not complete the send within {options.TimeoutSeconds} s.");
            }
        }

        public void Dispose() => client.Dispose();
    }
}
