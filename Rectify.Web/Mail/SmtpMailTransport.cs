using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Rectify.Web.Mail;

/// <summary>
/// Sends over SMTP with the project's own client (<see cref="SmtpConnection"/>): STARTTLS when
/// <see cref="MailOptions.EnableStartTls"/>, AUTH PLAIN/LOGIN when a user name is set, 8bit bodies when the server takes them.
/// A batch keeps ONE connection for all its messages and opens a new one only when the server has closed it.
/// </summary>
/// <remarks>
/// Errors, as <see cref="OutboxDispatcher"/> classifies them: a refused recipient throws <see cref="SmtpFailedRecipientException"/>
/// and the connection goes on; anything else (server unreachable, TLS, refused login, a refused sender or message, a protocol
/// error, <see cref="MailOptions.TimeoutSeconds"/> exceeded) throws <see cref="SmtpException"/> and drops the connection. A message
/// whose address cannot be written throws <see cref="FormatException"/> before anything is sent. A wrong password fails at AUTH
/// with the server's reply ("535 …") in the error.
/// </remarks>
public sealed class SmtpMailTransport(IOptions<MailOptions> options, TimeProvider time) : IMailTransport
{
    private readonly MailOptions _options = options.Value;

    public string Description => $"SMTP {_options.Host}:{_options.Port}{(_options.EnableStartTls ? " (STARTTLS)" : "")}";

    public IMailBatch OpenBatch() => new Batch(_options, time);

    private sealed class Batch(MailOptions options, TimeProvider time) : IMailBatch
    {
        private readonly string _from = MimeMessageWriter.AddrSpec(options.FromAddress);
        private SmtpConnection? _connection;

        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            var to = MimeMessageWriter.AddrSpec(mail.ToAddress); // FormatException: permanent, before any network traffic
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    if (_connection is { LooksAlive: false })
                    {
                        await DropAsync(quit: false);
                    }

                    var reused = _connection is not null;
                    if (_connection is null)
                    {
                        _connection = await SmtpConnection.OpenAsync(options, timeout.Token);
                    }

                    var eightBit = _connection.EightBitMime;
                    var message = MimeMessageWriter.Write(options, mail, time.GetUtcNow(), eightBit);
                    try
                    {
                        await _connection.SendAsync(_from, to, message, eightBit, timeout.Token);
                        return;
                    }
                    catch (StaleConnectionException) when (reused && attempt == 1)
                    {
                        // Closed while idle (timeout, restart, a limit on messages per connection) and nothing was sent yet.
                        await DropAsync(quit: false);
                    }
                }
            }
            catch (SmtpFailedRecipientException)
            {
                throw; // that recipient only; the transaction was reset and the connection is fine
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await DropAsync(quit: false);
                throw new SmtpException($"The SMTP server {options.Host}:{options.Port} did not complete the send within {options.TimeoutSeconds} s.");
            }
            catch (Exception ex) when (ex is SmtpException or IOException or System.Net.Sockets.SocketException)
            {
                await DropAsync(quit: false);
                throw ex as SmtpException ?? new SmtpException($"The connection to the SMTP server {options.Host}:{options.Port} failed: {ex.Message}", ex);
            }
            catch
            {
                await DropAsync(quit: false);
                throw;
            }
        }

        public ValueTask DisposeAsync() => new(DropAsync(quit: true));

        private async Task DropAsync(bool quit)
        {
            if (_connection is { } connection)
            {
                _connection = null;
                if (quit && connection.LooksAlive)
                {
                    await connection.QuitAsync();
                }

                await connection.DisposeAsync();
            }
        }
    }
}
