using System.Net.Security;
using System.Security.Cryptography;

namespace Rectify.Web.Mail;

/// <summary>
/// The SMTP connection's TLS certificate check: a certificate that passes normal validation (trusted chain, matching name), or
/// the one certificate named by its SHA-256 fingerprint in Mail:TrustedServerCertificateSha256 (an internal mail server with a
/// self-signed certificate, or the test server); nothing else. It applies to the mail transport's own connections only, so the
/// rest of the process keeps the default validation.
/// </summary>
internal static class ServerCertificatePinning
{
    public static RemoteCertificateValidationCallback Validator(string? pinnedSha256)
    {
        var pinned = string.IsNullOrWhiteSpace(pinnedSha256) ? null : MailOptions.NormalizeThumbprint(pinnedSha256);
        return (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None
            || (pinned is not null && certificate is not null
                && string.Equals(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())), pinned, StringComparison.Ordinal));
    }
}
