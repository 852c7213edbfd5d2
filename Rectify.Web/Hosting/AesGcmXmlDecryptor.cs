using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Rectify.Web.Hosting;

/// <summary>
/// Reads a key that <see cref="AesGcmXmlEncryptor"/> encrypted. Data Protection creates it by type name from the stored key
/// ring, passing the app's services (hence the <see cref="IServiceProvider"/> constructor).
/// </summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keys = services.GetRequiredService<KeyRingEncryption>();
        var id = (string?)encryptedElement.Attribute("keyId") ?? throw new CryptographicException("An encrypted Data Protection key has no keyId.");
        var key = keys.Find(id) ?? throw new CryptographicException(
            $"A Data Protection key is encrypted under a key-encryption key ({id}) that is not configured: set it as " +
            $"{KeyRingEncryption.KeySetting}, or list it in {KeyRingEncryption.PreviousKeysSetting} (docs/operations.md).");
        var nonce = Part(encryptedElement, "nonce");
        var tag = Part(encryptedElement, "tag");
        var ciphertext = Part(encryptedElement, "value");
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, KeyRingEncryption.TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, KeyRingEncryption.AssociatedData(id));
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] Part(XElement encrypted, string name) =>
        Convert.FromBase64String((string?)encrypted.Element(AesGcmXmlEncryptor.Namespace + name)
            ?? throw new CryptographicException($"An encrypted Data Protection key lacks <{name}>."));
}
