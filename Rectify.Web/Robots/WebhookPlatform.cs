using System.Text.Json.Nodes;

namespace Rectify.Web.Robots;

/// <summary>
/// A generic JSON webhook (a relay, an own gateway): POST to the configured URL with {"title","markdown","text","mentions"}.
/// With a secret the request carries X-Rectify-Timestamp (seconds) and X-Rectify-Signature = "sha256=" + hex(HMAC-SHA256(key =
/// secret, message = "timestamp\nbody")). Any 2xx is accepted; 429 is a rate limit; 5xx is retried; other answers are refusals.
/// </summary>
public sealed class WebhookPlatform : IRobotPlatform
{
    public RobotPlatform Platform => RobotPlatform.Webhook;

    public HttpRequestMessage Build(RobotTarget target, RobotMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var body = new JsonObject
        {
            ["title"] = message.Title,
            ["markdown"] = message.Markdown,
            ["text"] = message.Text,
            ["mentions"] = new JsonArray(message.Mentions.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["mobile"] = m.Mobile }).ToArray()),
        };
        var json = RobotHttp.Serialize(body);
        var request = RobotHttp.Post(target.Address, json);
        if (!string.IsNullOrEmpty(target.Secret))
        {
            var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            request.Headers.Add("X-Rectify-Timestamp", timestamp);
            request.Headers.Add("X-Rectify-Signature", "sha256=" + Sign(timestamp, json, target.Secret));
        }

        return request;
    }

    /// <summary>hex(HMAC-SHA256(key = secret, message = "timestamp\nbody")).</summary>
    public static string Sign(string timestamp, string body, string secret) =>
        Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes($"{timestamp}\n{body}")));

    public RobotAnswer Interpret(int httpStatus, string body) => RobotHttp.FromStatus(httpStatus, body);
}
