using System.Text.Json.Nodes;

namespace Rectify.Web.Robots;

/// <summary>
/// 企业微信群机器人: POST {base}/cgi-bin/webhook/send?key=KEY, no signature. The summary goes as a markdown message (links
/// work); markdown cannot @ by mobile number, so when people with a mobile on record are concerned the message goes as a
/// text message with mentioned_mobile_list instead (links show as plain URLs, which the client still opens). Limits:
/// markdown 4096 bytes, text 2048 bytes, 20 messages a minute. errcode 93000 = invalid webhook url (wrong or deleted key),
/// 45009 = api freq out of limit.
/// </summary>
public sealed class WeComPlatform(Microsoft.Extensions.Options.IOptions<RobotOptions> options) : IRobotPlatform
{
    public const int MarkdownMaxBytes = 4096;
    public const int TextMaxBytes = 2048;

    public RobotPlatform Platform => RobotPlatform.WeCom;

    public HttpRequestMessage Build(RobotTarget target, RobotMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var url = $"{options.Value.WeComBaseUrl.TrimEnd('/')}/cgi-bin/webhook/send?key={Uri.EscapeDataString(target.Address)}";
        var mobiles = message.Mobiles;
        JsonNode body = mobiles.Count == 0
            ? new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["content"] = RobotHttp.LimitBytes(message.Markdown, MarkdownMaxBytes) },
            }
            : new JsonObject
            {
                ["msgtype"] = "text",
                ["text"] = new JsonObject
                {
                    ["content"] = RobotHttp.LimitBytes(message.Text, TextMaxBytes),
                    ["mentioned_mobile_list"] = new JsonArray(mobiles.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
                },
            };
        return RobotHttp.Post(url, body);
    }

    // Refused: invalid webhook url; invalid message type; empty content; content too long; invalid mentioned mobile.
    public RobotAnswer Interpret(int httpStatus, string body) =>
        RobotHttp.FromErrcode(httpStatus, body, rateLimited: 45009, TimeSpan.FromMinutes(1), 93000, 40008, 44004, 40058, 301002);
}
