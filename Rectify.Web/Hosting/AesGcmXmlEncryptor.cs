using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Rectify.Web.Hosting;

/// <summary>
/// Encrypts each new Data Protection key with AES-256-GCM under the operator's key (<see cref="KeyRingEncryption"/>) before it
/// is stored; Data Protection then keeps only <c>&lt;encryptedSecret&gt;</c> in the key ring, and reads it back through
/// <see cref="AesGcmXmlDecryptor"/>.
/// </summary>
public sealed class AesGcmXmlEncryptor(KeyRingEncryption keys) : IXmlEncryptor
{
    internal static readonly XNamespace Namespace = "urn:rectify:data-protection:aes-gcm";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(KeyRingEncryption.NonceSize);
        var tag = new byte[KeyRingEncryption.TagSize];
        var ciphertext = new byte[plaintext.Length];
        try
        {
            using var aes = new AesGcm(keys.CurrentKey, KeyRingEncryption.TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, KeyRingEncryption.AssociatedData(keys.CurrentId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        var element = new XElement(Namespace + "encryptedKey",
            new XComment(" AES-256-GCM under DataProtection:KeyEncryptionKey (docs/operations.md) "),
            new XAttribute("keyId", keys.CurrentId),
            new XElement(Namespace + "nonce", Convert.ToBase64String(nonce)),
            new XElement(Namespace + "tag", Convert.ToBase64String(tag)),
            new XElement(Namespace + "value", Convert.ToBase64String(ciphertext)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }
}
