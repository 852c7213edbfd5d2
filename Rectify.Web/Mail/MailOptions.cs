using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace Rectify.Web.Mail;

/// <summary>
/// The "Mail" section. With no <see cref="Host"/> mail is written as .eml files to {DataFolder}/mail-pickup (the embedded
/// default, nothing is sent); with a host it goes out over SMTP through MailKit (<see cref="SmtpMailTransport"/>).
/// Validated at start: a bad value stops the app with a message naming the key.
/// </summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    /// <summary>SMTP server host name; empty means "write .eml files to the pickup folder instead of sending".</summary>
    public string? Host { get; set; }

    /// <summary>SMTP port: 465 (implicit TLS), 587 (submission with STARTTLS) or 25.</summary>
    public int Port { get; set; } = 587;

    /// <summary>
    /// How the connection is secured. Empty (null) means: from the old <see cref="EnableStartTls"/> key when it is set, else
    /// from the port — 465 is <see cref="MailSecurity.SslOnConnect"/>, anything else <see cref="MailSecurity.StartTls"/>.
    /// See <see cref="EffectiveSecurity"/>.
    /// </summary>
    public MailSecurity? Security { get; set; }

    /// <summary>
    /// The key that Mail:Security replaced (true = StartTls, false = None). Still read when Mail:Security is not set, so
    /// existing installations keep working; setting both is refused at start (which one would win is not obvious).
    /// </summary>
    public bool? EnableStartTls { get; set; }

    /// <summary>The security the transport uses: <see cref="Security"/>, else the old key, else the port's usual one.</summary>
    public MailSecurity EffectiveSecurity =>
        Security ?? (EnableStartTls is { } startTls ? (startTls ? MailSecurity.StartTls : MailSecurity.None)
            : Port == 465 ? MailSecurity.SslOnConnect : MailSecurity.StartTls);

    /// <summary>Account for SMTP AUTH (PLAIN, or LOGIN when the server offers only that); empty means no authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>Keep it out of appsettings.json in production: set the environment variable Mail__Password instead.</summary>
    public string? Password { get; set; }

    /// <summary>Envelope and header sender address.</summary>
    public string FromAddress { get; set; } = "rectify@localhost";

    /// <summary>Sender display name, shown by mail clients.</summary>
    public string FromName { get; set; } = "整改台账";

    /// <summary>Pickup folder for .eml files when no Host is set; relative paths are under Rectify:DataFolder. Default mail-pickup.</summary>
    public string PickupFolder { get; set; } = "mail-pickup";

    /// <summary>
    /// SHA-256 thumbprint (hex) of a server certificate to trust even though no trusted authority signed it: an internal mail
    /// server with a self-signed certificate, or the test server. Only that exact certificate is accepted; every other one is
    /// still validated normally. Empty (the default) means normal validation only.
    /// </summary>
    public string? TrustedServerCertificateSha256 { get; set; }

    /// <summary>How long one SMTP send may take before it is abandoned and counted as a failed attempt.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Attempts per message before it is marked Failed (retries wait 1, 2, 4 … minutes, at most an hour).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// Due messages the dispatcher claims at a time (one UPDATE, one commit) before sending them one by one. Larger means fewer
    /// commits; after a crash, the unsent rest of the claimed group waits for its lease (see <see cref="OutboxDispatcher"/>).
    /// </summary>
    [Range(1, 1000)]
    public int ClaimBatchSize { get; set; } = 20;

    /// <summary>
    /// How long one dispatcher run may go on sending while messages are due; whatever is left goes in the next run
    /// (Jobs:DispatchOutboxSeconds later). A run ends sooner when nothing is due.
    /// </summary>
    [Range(1, 3600)]
    public int RunSeconds { get; set; } = 60;

    /// <summary>
    /// A message still marked Sending this long after it was claimed is taken to be orphaned by a crash or restart and is
    /// put back to Pending (it may have been delivered; see <see cref="OutboxDispatcher"/>). Must exceed TimeoutSeconds.
    /// Fractions are allowed (0.1 = 6 s: the multi-instance test, which kills an instance mid-send).
    /// </summary>
    [Range(0.05, 1440.0)]
    public double SendingLeaseMinutes { get; set; } = 10;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailAddress.TryCreate(FromAddress, out _))
        {
            yield return new ValidationResult($"Mail:FromAddress '{FromAddress}' is not an e-mail address.", [nameof(FromAddress)]);
        }

        if (string.IsNullOrWhiteSpace(FromName))
        {
            yield return new ValidationResult("Mail:FromName must not be empty (mail clients show it as the sender).", [nameof(FromName)]);
        }

        if (SendingLeaseMinutes * 60 <= TimeoutSeconds)
        {
            yield return new ValidationResult("Mail:SendingLeaseMinutes must be longer than Mail:TimeoutSeconds, or a slow send would be taken for a crashed one.", [nameof(SendingLeaseMinutes)]);
        }

        if (!string.IsNullOrWhiteSpace(TrustedServerCertificateSha256) && !IsSha256Hex(TrustedServerCertificateSha256))
        {
            yield return new ValidationResult("Mail:TrustedServerCertificateSha256 must be 64 hexadecimal characters (the certificate's SHA-256 fingerprint).", [nameof(TrustedServerCertificateSha256)]);
        }

        if (!UsesSmtp)
        {
            if (string.IsNullOrWhiteSpace(PickupFolder))
            {
                yield return new ValidationResult("Mail:PickupFolder must not be empty when Mail:Host is empty.", [nameof(PickupFolder)]);
            }

            yield break;
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Mail:Port {Port} is not a TCP port.", [nameof(Port)]);
        }

        if (Security is not null && EnableStartTls is not null)
        {
            yield return new ValidationResult(
                "Mail:EnableStartTls is replaced by Mail:Security (SslOnConnect, StartTls or None); remove Mail:EnableStartTls when Mail:Security is set.",
                [nameof(EnableStartTls), nameof(Security)]);
        }
        else if (Security is { } security && !Enum.IsDefined(security))
        {
            yield return new ValidationResult("Mail:Security must be SslOnConnect, StartTls or None.", [nameof(Security)]);
        }
        else if (Port == 465 && EffectiveSecurity != MailSecurity.SslOnConnect)
        {
            // The client would wait for a greeting that a TLS server never sends in the clear: a timeout, not an error message.
            yield return new ValidationResult(
                $"Mail:Port 465 is the implicit TLS port, but the connection would be {EffectiveSecurity}: set Mail:Security to SslOnConnect (or use port 587 with StartTls).",
                [nameof(Port), nameof(Security)]);
        }

        if (string.IsNullOrWhiteSpace(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Mail:UserName and Mail:Password go together: set both for SMTP AUTH, or neither.", [nameof(UserName), nameof(Password)]);
        }
    }

    private static bool IsSha256Hex(string value) =>
        NormalizeThumbprint(value).Length == 64 && NormalizeThumbprint(value).All(Uri.IsHexDigit);

    internal static string NormalizeThumbprint(string value) => value.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
}
