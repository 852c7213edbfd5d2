using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Rectify.Web.Mail;

/// <summary>
/// Sends over SMTP with MailKit: implicit TLS, STARTTLS or none as <see cref="MailOptions.EffectiveSecurity"/> says, the
/// server certificate checked normally or pinned (<see cref="ServerCertificatePinning"/>), AUTH PLAIN (or LOGIN when the server
/// offers only that) when a user name is set, 8bit bodies when the server announces 8BITMIME. A batch keeps ONE connection for
/// all its messages and opens a new one only when the server has closed it.
/// </summary>
/// <remarks>
/// Failures come out as <see cref="MailDeliveryException"/> with a <see cref="MailFailure"/> worked out from MailKit's exceptions
/// and the stage: anything while connecting, securing or logging in is <see cref="MailFailure.ServerUnavailable"/>; while sending,
/// <see cref="SmtpCommandException.ErrorCode"/> tells a refused recipient, sender or message apart, a 421 reply and
/// IOException/SocketException/SmtpProtocolException/ServiceNotConnectedException/a timeout are a lost connection. A
/// message whose address cannot be written throws <see cref="FormatException"/> before anything is sent.
/// </remarks>
public sealed class SmtpMailTransport(IOptions<MailOptions> options, TimeProvider time) : IMailTransport
{
    private readonly MailOptions _options = options.Value;

    public string Description => $"SMTP {_options.Host}:{_options.Port} ({_options.EffectiveSecurity switch
    {
        MailSecurity.SslOnConnect => "implicit TLS",
        MailSecurity.StartTls => "STARTTLS",
        _ => "no TLS",
    }})";

    public IMailBatch OpenBatch() => new Batch(_options, time);

    private sealed class Batch(MailOptions options, TimeProvider time) : IMailBatch
    {
        private readonly string _server = $"{options.Host}:{options.Port}";
        private TrackingSmtpClient? _client;

        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            var message = MimeMessageFactory.Create(options, mail, time.GetUtcNow()); // FormatException: before any network traffic
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            for (var attempt = 1; ; attempt++)
            {
                var reused = _client is { IsConnected: true };
                if (!reused)
                {
                    await DropAsync(quit: false);
                    _client = await ConnectAsync(timeout.Token, cancellationToken);
                }

                var client = _client!;
                client.SenderAccepted = false;
                try
                {
                    await client.SendAsync(message, timeout.Token);
                    return;
                }
                catch (Exception ex) when (reused && attempt == 1 && !client.SenderAccepted && IsClosedByServer(ex))
                {
                    // Closed while idle (a timeout, a restart, a limit on messages per connection) before it took anything:
                    // nothing was sent, so the same message goes through a new connection.
                    await DropAsync(quit: false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var error = Classify(ex, message);
                    if (!client.IsConnected || error.Failure is not (MailFailure.RecipientRefused or MailFailure.MessageRefused))
                    {
                        await DropAsync(quit: false);
                    }

                    throw error;
                }
                catch
                {
                    await DropAsync(quit: false); // cancelled mid-send: the connection's state is unknown
                    throw;
                }
            }
        }

        public ValueTask DisposeAsync() => new(DropAsync(quit: true));

        private async Task<TrackingSmtpClient> ConnectAsync(CancellationToken timeoutToken, CancellationToken callerToken)
        {
            var client = new TrackingSmtpClient
            {
                Timeout = options.TimeoutSeconds * 1000,
                ServerCertificateValidationCallback = ServerCertificatePinning.Validator(options.TrustedServerCertificateSha256),
                // As before MailKit: no revocation lookups. Mail servers on internal networks (政务内网) often cannot reach the
                // CA's CRL or OCSP server, and a failed lookup would refuse a valid certificate.
                CheckCertificateRevocation = false,
            };
            try
            {
                await client.ConnectAsync(options.Host!, options.Port, ToMailKit(options.EffectiveSecurity), timeoutToken);
                if (!string.IsNullOrEmpty(options.UserName))
                {
                    await client.AuthenticateAsync(Mechanism(client), timeoutToken);
                }

                return client;
            }
            catch (MailDeliveryException)
            {
                client.Dispose();
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !callerToken.IsCancellationRequested)
            {
                client.Dispose();
                throw new MailDeliveryException(MailFailure.ServerUnavailable, DescribeConnectFailure(ex), ex);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>AUTH PLAIN, or LOGIN when the server offers only that; one mechanism, tried once (no lock-out by guessing).</summary>
        private SaslMechanism Mechanism(SmtpClient client)
        {
            var credential = new NetworkCredential(options.UserName, options.Password ?? "");
            var offered = client.AuthenticationMechanisms;
            if (offered.Contains("PLAIN", StringComparer.OrdinalIgnoreCase))
            {
                return new SaslMechanismPlain(Encoding.UTF8, credential);
            }

            if (offered.Contains("LOGIN", StringComparer.OrdinalIgnoreCase))
            {
                return new SaslMechanismLogin(Encoding.UTF8, credential);
            }

            throw new MailDeliveryException(
                MailFailure.ServerUnavailable,
                $"The SMTP server {_server} offers no AUTH PLAIN or LOGIN{(client.IsSecure ? "" : " on an unencrypted connection (see Mail:Security)")}, but Mail:UserName is set.",
                null);
        }

        private string DescribeConnectFailure(Exception error) => error switch
        {
            SslHandshakeException => $"TLS with the SMTP server {_server} ({options.EffectiveSecurity}) failed: {error.Message}",
            AuthenticationException => $"The SMTP server {_server} refused the login of '{options.UserName}': {error.Message}",
            NotSupportedException when options.EffectiveSecurity == MailSecurity.StartTls =>
                $"The SMTP server {_server} does not offer STARTTLS, and Mail:Security is StartTls: {error.Message}",
            SmtpCommandException command => $"The SMTP server {_server} refused the connection: {(int)command.StatusCode} {command.Message}",
            SocketException => $"Could not connect to the SMTP server {_server}: {error.Message}",
            OperationCanceledException =>
                $"The SMTP server {_server} did not answer within {options.TimeoutSeconds} s (is Mail:Security {options.EffectiveSecurity} right for port {options.Port}?).",
            _ => $"The connection to the SMTP server {_server} failed: {error.Message}",
        };

        /// <summary>A failure while sending, from MailKit's exception: whose fault it is decides what the dispatcher does next.</summary>
        private MailDeliveryException Classify(Exception error, MimeMessage message)
        {
            var sender = message.From.Mailboxes.First().Address;
            return error switch
            {
                SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable } command => new(MailFailure.ConnectionLost,
                    $"The SMTP server {_server} is closing the connection: {(int)command.StatusCode} {command.Message}", error),
                SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } command => new(MailFailure.RecipientRefused,
                    $"The SMTP server {_server} refused the recipient <{command.Mailbox?.Address}>: {(int)command.StatusCode} {command.Message}", error)
                {
                    Recipient = command.Mailbox?.Address,
                },
                SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } command => new(MailFailure.SenderRefused,
                    $"The SMTP server {_server} refused the sender <{sender}>: {(int)command.StatusCode} {command.Message}", error),
                SmtpCommandException command => new(MailFailure.MessageRefused,
                    $"The SMTP server {_server} did not accept the message: {(int)command.StatusCode} {command.Message}", error),
                ServiceNotAuthenticatedException => new(MailFailure.SenderRefused,
                    $"The SMTP server {_server} wants a login before it takes mail (set Mail:UserName and Mail:Password): {error.Message}", error),
                OperationCanceledException => new(MailFailure.ConnectionLost,
                    $"The SMTP server {_server} did not complete the send within {options.TimeoutSeconds} s.", error),
                IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException => new(MailFailure.ConnectionLost,
                    $"The connection to the SMTP server {_server} was lost while sending: {error.Message}", error),
                _ => new(MailFailure.MessageRefused, $"Sending through the SMTP server {_server} failed: {error.Message}", error),
            };
        }

        private static bool IsClosedByServer(Exception error) =>
            error is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException
                or SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };

        private static SecureSocketOptions ToMailKit(MailSecurity security) => security switch
        {
            MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            MailSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };

        private async Task DropAsync(bool quit)
        {
            if (_client is not { } client)
            {
                return;
            }

            _client = null;
            try
            {
                if (quit && client.IsConnected)
                {
                    using var polite = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await client.DisconnectAsync(quit: true, polite.Token); // QUIT; errors are ignored, the connection is going anyway
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or SmtpProtocolException or SmtpCommandException)
            {
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    /// <summary>MailKit's client, noting whether the server accepted MAIL FROM in the current transaction.</summary>
    private sealed class TrackingSmtpClient : SmtpClient
    {
        /// <summary>False until the server accepts the sender: until then nothing of the message can have been delivered.</summary>
        public bool SenderAccepted { get; set; }

        protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            SenderAccepted = true;
            base.OnSenderAccepted(message, mailbox, response);
        }
    }
}
