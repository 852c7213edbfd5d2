namespace Rectify.Web.Robots;

/// <summary>
/// The settings page's form for one organisation's robot. <see cref="Address"/> and <see cref="Secret"/> are write-only: the
/// page starts them empty, and empty means "keep what is saved".
/// </summary>
public sealed class RobotForm
{
    public int OrganizationId { get; set; }

    public RobotPlatform Platform { get; set; } = RobotPlatform.WeCom;

    public string Address { get; set; } = "";

    public string Secret { get; set; } = "";

    public bool ClearSecret { get; set; }

    public bool Enabled { get; set; } = true;

    public bool PostBulletins { get; set; }

    /// <summary>The version the page loaded (0 for a new robot): a save over someone else's newer change is refused.</summary>
    public int Version { get; set; }
}
