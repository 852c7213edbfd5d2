using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rectify.Web.Mail;

/// <summary>
/// Lets SmtpClient accept one specific self-signed server certificate, named by its SHA-256 fingerprint
/// (Mail:TrustedServerCertificateSha256). SmtpClient has no per-client validation callback: it consults the process-wide
/// <c>ServicePointManager.ServerCertificateValidationCallback</c>, so that is where this hooks in. The callback accepts a
/// certificate that passes normal validation, or one whose fingerprint was pinned here; nothing else. HttpClient does not
/// read ServicePointManager, so the rest of the app keeps its own validation.
/// </summary>
internal static class ServerCertificatePinning
{
    private static readonly ConcurrentDictionary<string, bool> s_pinned = new(StringComparer.Ordinal);
    private static int s_installed;

    public static void Trust(string sha256Fingerprint)
    {
        s_pinned[MailOptions.NormalizeThumbprint(sha256Fingerprint)] = true;
        if (Interlocked.Exchange(ref s_installed, 1) == 0)
        {
#pragma warning disable SYSLIB0014 // ServicePointManager is obsolete for HTTP, but it is still what System.Net.Mail reads.
            ServicePointManager.ServerCertificateValidationCallback = Validate;
#pragma warning restore SYSLIB0014
        }
    }

    private static bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        return s_pinned.ContainsKey(fingerprint);
    }
}
