using System.Text.Json;

namespace Rectify.Web.Robots;

/// <summary>
/// A group message before it meets a platform: a title, the body as markdown (links as [text](url)) and as plain text, and
/// the people it concerns. Stored as JSON in the outbox message's TextBody; each <see cref="IRobotPlatform"/> renders it into
/// its own JSON when it is sent (so a message waiting for a retry goes to the robot as configured at that moment).
/// </summary>
public sealed record RobotMessage(string Title, string Markdown, string Text, IReadOnlyList<RobotMention> Mentions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<string> Mobiles => Mentions.Select(m => m.Mobile).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RobotMessage FromJson(string json) =>
        JsonSerializer.Deserialize<RobotMessage>(json, Json) ?? throw new FormatException("Not a group-robot message.");
}
