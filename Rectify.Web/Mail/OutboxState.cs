namespace Rectify.Web.Mail;

public enum OutboxState
{
    /// <summary>Waiting to be sent at or after NextAttemptAt.</summary>
    Pending = 0,

    /// <summary>Claimed by a dispatcher; NextAttemptAt is then the end of its lease, after which it is taken to be orphaned.</summary>
    Sending = 1,

    /// <summary>Accepted by the SMTP server (or written to the pickup folder).</summary>
    Sent = 2,

    /// <summary>Gave up after MaxAttempts, or a permanent error; LastError says why. An administrator can retry it.</summary>
    Failed = 3,
}
