using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Rectify.Web.Robots;

/// <summary>
/// Encrypts robot addresses and secrets with the app's Data Protection key ring (encrypted at rest under the operator's key,
/// decision 0011). Old keys stay in the ring after they expire, so a robot saved long ago can still be read; a lost key ring
/// means the robots must be entered again (the message says so in the outbox).
/// </summary>
public sealed class RobotSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Rectify.GroupRobots.v1");

    public string Protect(string plain) => _protector.Protect(plain);

    /// <summary>The plain text, or null when the key ring cannot decrypt it (keys lost or replaced).</summary>
    public string? TryUnprotect(string protectedText)
    {
        try
        {
            return _protector.Unprotect(protectedText);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>"…a5aa": what the settings page shows of a saved address.</summary>
    public static string Hint(string plain) => plain.Length <= 4 ? "…" : "…" + plain[^4..];
}
