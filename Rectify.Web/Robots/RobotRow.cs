namespace Rectify.Web.Robots;

/// <summary>One organisation on the settings page, with its robot if it has one (never the address or secret themselves).</summary>
public sealed record RobotRow(int OrganizationId, string OrganizationName, int Depth, RobotPlatform? Platform, bool Enabled, bool PostBulletins,
    string AddressHint, bool HasSecret, int Version, DateTimeOffset? UpdatedAt);
