namespace Rectify.Web.Robots;

/// <summary>
/// An organisation's group robot (群机器人): where its morning summary and, if chosen, the 督查通报 notice go. The webhook
/// address (key, token or URL) and the signing secret are stored only encrypted (<see cref="RobotSecrets"/>, the app's Data
/// Protection key ring) and are never shown again; <see cref="AddressHint"/> keeps the last characters so an administrator
/// can tell which robot it is.
/// </summary>
public sealed class GroupRobot
{
    public const int ProtectedMaxLength = 4000;
    public const int HintMaxLength = 16;

    private GroupRobot()
    {
        ProtectedAddress = AddressHint = UpdatedBy = "";
    }

    public int Id { get; private set; }

    /// <summary>One robot per organisation (unique).</summary>
    public int OrganizationId { get; private set; }

    public RobotPlatform Platform { get; private set; }

    /// <summary>The key (企业微信), access token (钉钉), hook token (飞书) or URL (webhook), encrypted.</summary>
    public string ProtectedAddress { get; private set; }

    /// <summary>The signing secret, encrypted; null when the robot has none.</summary>
    public string? ProtectedSecret { get; private set; }

    /// <summary>"…a5aa": the address's last four characters.</summary>
    public string AddressHint { get; private set; }

    public bool Enabled { get; private set; }

    /// <summary>Also post a short notice with a link when a 督查通报 is issued.</summary>
    public bool PostBulletins { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; }

    /// <summary>Optimistic concurrency: two administrators saving the same robot cannot overwrite each other unseen.</summary>
    public int Version { get; private set; }

    public bool HasSecret => ProtectedSecret is not null;

    public static GroupRobot Create(int organizationId, RobotPlatform platform, string protectedAddress, string addressHint, string? protectedSecret,
        bool enabled, bool postBulletins, string updatedBy, DateTimeOffset at) => new()
    {
        OrganizationId = organizationId,
        Platform = platform,
        ProtectedAddress = protectedAddress,
        AddressHint = addressHint,
        ProtectedSecret = protectedSecret,
        Enabled = enabled,
        PostBulletins = postBulletins,
        UpdatedBy = updatedBy,
        UpdatedAt = at,
        Version = 1,
    };

    /// <summary>Changes the settings; a null address or secret keeps the stored one, <paramref name="clearSecret"/> removes the secret.</summary>
    public void Update(RobotPlatform platform, string? protectedAddress, string? addressHint, string? protectedSecret, bool clearSecret,
        bool enabled, bool postBulletins, string updatedBy, DateTimeOffset at)
    {
        Platform = platform;
        if (protectedAddress is not null)
        {
            ProtectedAddress = protectedAddress;
            AddressHint = addressHint ?? "";
        }

        if (clearSecret)
        {
            ProtectedSecret = null;
        }
        else if (protectedSecret is not null)
        {
            ProtectedSecret = protectedSecret;
        }

        Enabled = enabled;
        PostBulletins = postBulletins;
        UpdatedBy = updatedBy;
        UpdatedAt = at;
        Version++;
    }
}
