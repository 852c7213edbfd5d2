namespace Rectify.Web.Mail;

/// <summary>
/// A mail waiting in (or done with) the outbox. Written in the same transaction as the change that causes it, so a mail is
/// never promised for a change that was rolled back, nor lost for one that was committed. The state changes through the
/// methods below, except for the dispatcher's hot path: claiming (Pending → Sending), releasing unsent claims and marking Sent
/// are conditional UPDATEs in <see cref="OutboxDispatcher"/>, one statement each, without loading the row.
/// </summary>
public sealed class OutboxMessage
{
    public const int IdempotencyKeyMaxLength = 200;
    public const int KindMaxLength = 64;
    public const int AddressMaxLength = 320;
    public const int NameMaxLength = 200;
    public const int SubjectMaxLength = 500;
    public const int LastErrorMaxLength = 2000;

    private OutboxMessage()
    {
        IdempotencyKey = Kind = RecipientUserId = ToAddress = ToName = Subject = TextBody = HtmlBody = "";
    }

    public long Id { get; private set; }

    /// <summary>Unique: the outbox keeps at most one message per key, e.g. <c>OwnerDeadlines:{userId}:2026-11-23</c>.</summary>
    public string IdempotencyKey { get; private set; }

    /// <summary>Mail, or a group-robot message (sent by its own dispatcher through the same states, claims and retries).</summary>
    public OutboxChannel Channel { get; private set; }

    /// <summary>What kind of mail this is (a DigestKind name, "LeaderSummary", …), for the admin list and statistics.</summary>
    public string Kind { get; private set; }

    public string RecipientUserId { get; private set; }

    public string ToAddress { get; private set; }

    public string ToName { get; private set; }

    public string Subject { get; private set; }

    public string TextBody { get; private set; }

    public string HtmlBody { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public OutboxState State { get; private set; }

    /// <summary>Send attempts that ended in an error, or were interrupted.</summary>
    public int Attempts { get; private set; }

    /// <summary>Pending: not before this time. Sending: the claim's lease ends at this time. Sent/Failed: null.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>A new Pending message, due at <paramref name="createdAt"/>. <paramref name="htmlBody"/> is sent as is: encode user text first.</summary>
    public static OutboxMessage Create(
        string idempotencyKey,
        string kind,
        string recipientUserId,
        string toAddress,
        string toName,
        string subject,
        string textBody,
        string htmlBody,
        DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(toAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(idempotencyKey.Length, IdempotencyKeyMaxLength);
        return new OutboxMessage
        {
            IdempotencyKey = idempotencyKey,
            Kind = kind,
            RecipientUserId = recipientUserId ?? "",
            ToAddress = toAddress.Trim(),
            ToName = toName ?? "",
            Subject = subject,
            TextBody = textBody ?? "",
            HtmlBody = htmlBody ?? "",
            CreatedAt = createdAt,
            State = OutboxState.Pending,
            NextAttemptAt = createdAt,
        };
    }

    /// <summary>
    /// A new Pending group-robot message to <paramref name="organizationId"/>'s robot, due at <paramref name="createdAt"/>:
    /// <paramref name="messageJson"/> is the platform-neutral message (Robots.RobotMessage), rendered for the robot's platform
    /// and signed when it is sent.
    /// </summary>
    public static OutboxMessage CreateRobot(string idempotencyKey, string kind, int organizationId, string organizationName, string subject, string messageJson, DateTimeOffset createdAt)
    {
        var message = Create(idempotencyKey, kind, "", RobotAddress(organizationId), organizationName, subject, messageJson, "", createdAt);
        message.Channel = OutboxChannel.GroupRobot;
        return message;
    }

    /// <summary><c>robot:{organisationId}</c>, the address of an organisation's group robot in the outbox.</summary>
    public static string RobotAddress(int organizationId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"robot:{organizationId}");

    /// <summary>
    /// The RFC 5322 Message-ID, derived from the idempotency key alone: a message that is ever sent twice carries the same
    /// Message-ID both times, so mail clients and servers that deduplicate by it show it once.
    /// </summary>
    public string MessageId(string fromAddress)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(IdempotencyKey)));
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "rectify.local";
        return $"<rectify.{hash[..32]}@{domain}>";
    }

    public OutgoingMail ToMail(string fromAddress) => new(ToAddress, ToName, Subject, TextBody, HtmlBody, MessageId(fromAddress));

    /// <summary>Counts a failed attempt: retry after the backoff, or give up (Failed) after maxAttempts or when permanent.</summary>
    internal void RecordFailure(string error, DateTimeOffset now, int maxAttempts, bool permanent)
    {
        Attempts++;
        LastError = Truncate(error);
        if (permanent || Attempts >= maxAttempts)
        {
            State = OutboxState.Failed;
            NextAttemptAt = null;
        }
        else
        {
            State = OutboxState.Pending;
            NextAttemptAt = now + RetryDelay(Attempts);
        }
    }

    /// <summary>
    /// A claim whose lease ran out: the run that claimed it never finished, so whether the server accepted it is unknown.
    /// Counted as an attempt and due again at once (or Failed at maxAttempts), with LastError saying what happened.
    /// </summary>
    internal void RecoverOrphan(DateTimeOffset now, int maxAttempts, string? note = null)
    {
        RecordFailure(
            note ?? "Interrupted: the app stopped or crashed after claiming it for sending; sent again. If the server had already accepted it, the recipient may get it twice, with the same Message-ID.",
            now, maxAttempts, permanent: false);
        if (State == OutboxState.Pending)
        {
            NextAttemptAt = now;
        }
    }

    /// <summary>An administrator's decision to try a Failed message again, from a fresh count.</summary>
    internal bool RetryNow(DateTimeOffset now)
    {
        if (State != OutboxState.Failed)
        {
            return false;
        }

        State = OutboxState.Pending;
        Attempts = 0;
        NextAttemptAt = now;
        return true;
    }

    /// <summary>A failed attempt that must wait at least until <paramref name="notBefore"/> (a platform's rate limit), else as <see cref="RecordFailure(string, DateTimeOffset, int, bool)"/>.</summary>
    internal void RecordFailure(string error, DateTimeOffset now, int maxAttempts, bool permanent, DateTimeOffset notBefore)
    {
        RecordFailure(error, now, maxAttempts, permanent);
        if (State == OutboxState.Pending && NextAttemptAt < notBefore)
        {
            NextAttemptAt = notBefore;
        }
    }

    /// <summary>1 min after the first failure, then 2, 4, 8 … capped at one hour.</summary>
    public static TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 6);
        var minutes = Math.Min(1 << exponent, 60);
        return TimeSpan.FromMinutes(minutes);
    }

    internal static string Truncate(string error) =>
        error.Length <= LastErrorMaxLength ? error : error[..(LastErrorMaxLength - 1)] + "…";
}
