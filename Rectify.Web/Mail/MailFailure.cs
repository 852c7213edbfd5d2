namespace Rectify.Web.Mail;

/// <summary>
/// What went wrong with a send, as far as the outbox must tell apart: whether to carry on with the next message or to end the
/// run (see <see cref="OutboxDispatcher"/>). The SMTP transport works it out from MailKit's exceptions and the stage it was in.
/// </summary>
public enum MailFailure
{
    /// <summary>The server refused the recipient (RCPT TO): that message only; the connection carries on.</summary>
    RecipientRefused,

    /// <summary>The server refused this message (DATA or its end, e.g. content or size): that message only.</summary>
    MessageRefused,

    /// <summary>
    /// The server refused the sender (MAIL FROM), or wants a login first: every message has that sender, so the run ends rather
    /// than count an attempt against each waiting message.
    /// </summary>
    SenderRefused,

    /// <summary>
    /// The connection broke (or timed out) while this message was being sent: it may or may not have arrived. That message is
    /// retried later; the next one goes through a new connection.
    /// </summary>
    ConnectionLost,

    /// <summary>
    /// No usable connection: the server is down or unreachable, the TLS handshake or the certificate check failed, the login was
    /// refused, the greeting never came. The run ends; the waiting messages wait for the next one.
    /// </summary>
    ServerUnavailable,
}
