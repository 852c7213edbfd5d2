namespace Rectify.Web.Robots;

/// <summary>A person a group message names; <see cref="Mobile"/> when on record, for the platforms that @ by mobile number.</summary>
public sealed record RobotMention(string Name, string? Mobile);
