namespace Rectify.Web.Robots;

/// <summary>A robot's decrypted address and secret, held only while a message is sent.</summary>
public sealed record RobotTarget(RobotPlatform Platform, string Address, string? Secret);
