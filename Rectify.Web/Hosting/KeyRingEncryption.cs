using System.Security.Cryptography;
using System.Text;

namespace Rectify.Web.Hosting;

/// <summary>
/// The operator's key that encrypts the Data Protection key ring at rest (AES-256-GCM, <see cref="AesGcmXmlEncryptor"/>), so a
/// copy of the data folder, a backup or a database dump cannot mint sign-in cookies without it. Set as
/// <c>DataProtection:KeyEncryptionKey</c> (base64 of 32 random bytes); keys of before a rotation stay readable while listed in
/// <c>DataProtection:PreviousKeyEncryptionKeys</c>. Development generates one beside the data; elsewhere the app does not
/// start without it (docs/decisions/0011-data-protection-key-ring.md, docs/operations.md).
/// </summary>
public sealed class KeyRingEncryption
{
    public const string KeySetting = "DataProtection:KeyEncryptionKey";
    public const string PreviousKeysSetting = "DataProtection:PreviousKeyEncryptionKeys";
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    private const int KeySize = 32;
    private const string DevelopmentKeyFile = "key-encryption-development.key";

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    private KeyRingEncryption(byte[] current, IEnumerable<byte[]> previous)
    {
        CurrentId = IdOf(current);
        _keys[CurrentId] = current;
        foreach (var key in previous)
        {
            _keys.TryAdd(IdOf(key), key);
        }
    }

    /// <summary>Names the current key in each encrypted element without revealing it (a truncated SHA-256).</summary>
    public string CurrentId { get; }

    internal byte[] CurrentKey => _keys[CurrentId];

    internal byte[]? Find(string id) => _keys.GetValueOrDefault(id);

    /// <summary>Binds a ciphertext to its purpose and key: a block cut from elsewhere does not decrypt here.</summary>
    internal static byte[] AssociatedData(string id) => Encoding.UTF8.GetBytes("Rectify.DataProtection.KeyRing/v1/" + id);

    public static KeyRingEncryption From(IConfiguration configuration, IHostEnvironment environment, string dataFolder)
    {
        var configured = configuration[KeySetting];
        byte[] current;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            current = Parse(configured, KeySetting);
        }
        else if (environment.IsDevelopment())
        {
            current = DevelopmentKey(dataFolder);
        }
        else
        {
            throw new InvalidOperationException(
                $"{KeySetting} is not set. It encrypts the sign-in key ring at rest, so that a copy of the data or a backup cannot " +
                "forge sign-in cookies. Generate one with `openssl rand -base64 32`, pass it as the environment variable " +
                "DataProtection__KeyEncryptionKey (the same value on every instance), and keep it apart from the data folder and its " +
                "backups (docs/operations.md, \"Key ring encryption\").");
        }

        var section = configuration.GetSection(PreviousKeysSetting);
        var previous = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => Parse(v, PreviousKeysSetting))
            .ToList();
        return new KeyRingEncryption(current, previous);
    }

    private static byte[] Parse(string value, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not base64: generate a key with `openssl rand -base64 32`.");
        }

        return key.Length == KeySize
            ? key
            : throw new InvalidOperationException($"{setting} must be {KeySize} bytes (base64 of 32 random bytes, `openssl rand -base64 32`), not {key.Length}.");
    }

    /// <summary>Development only: a generated key kept in the data folder (which defeats the point, and is fine there).</summary>
    private static byte[] DevelopmentKey(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var file = Path.Combine(dataFolder, DevelopmentKeyFile);
        if (!File.Exists(file))
        {
            try
            {
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize))));
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another instance on the same data folder wrote it first: use theirs.
            }
        }

        return Parse(File.ReadAllText(file), file);
    }

    private static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];
}
