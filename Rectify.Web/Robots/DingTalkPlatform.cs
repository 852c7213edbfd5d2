using System.Text.Json.Nodes;

namespace Rectify.Web.Robots;

/// <summary>
/// 钉钉自定义机器人 with 加签: POST {base}/robot/send?access_token=TOKEN&amp;timestamp=MS&amp;sign=SIGN where SIGN is
/// url-encoded base64(HMAC-SHA256(key = secret, message = "MS\nsecret")), MS in milliseconds (the platform refuses a timestamp
/// more than an hour off). Markdown message; @ by mobile through at.atMobiles, and the numbers must also appear in the text
/// ("@138…") for the client to highlight them. errcode 310000 = sign/keyword/IP check failed, 130101 = send too fast
/// (more than 20 a minute; the robot is then throttled for 10 minutes), 300001 = token missing or wrong, 400102 = robot stopped.
/// </summary>
public sealed class DingTalkPlatform(Microsoft.Extensions.Options.IOptions<RobotOptions> options) : IRobotPlatform
{
    public const int MarkdownMaxBytes = 18000;

    public RobotPlatform Platform => RobotPlatform.DingTalk;

    public HttpRequestMessage Build(RobotTarget target, RobotMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var url = $"{options.Value.DingTalkBaseUrl.TrimEnd('/')}/robot/send?access_token={Uri.EscapeDataString(target.Address)}";
        if (!string.IsNullOrEmpty(target.Secret))
        {
            var timestamp = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            url += $"&timestamp={timestamp}&sign={Uri.EscapeDataString(Sign(timestamp, target.Secret))}";
        }

        var mobiles = message.Mobiles;
        var text = message.Markdown + (mobiles.Count == 0 ? "" : "\n\n" + string.Join(" ", mobiles.Select(m => "@" + m)));
        var body = new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject { ["title"] = message.Title, ["text"] = RobotHttp.LimitBytes(text, MarkdownMaxBytes) },
            ["at"] = new JsonObject
            {
                ["atMobiles"] = new JsonArray(mobiles.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
                ["isAtAll"] = false,
            },
        };
        return RobotHttp.Post(url, body);
    }

    /// <summary>base64(HMAC-SHA256(key = secret, message = "timestamp\nsecret")), before url-encoding.</summary>
    public static string Sign(string timestamp, string secret) => RobotHttp.HmacSha256Base64(secret, $"{timestamp}\n{secret}");

    public RobotAnswer Interpret(int httpStatus, string body) =>
        RobotHttp.FromErrcode(httpStatus, body, rateLimited: 130101, TimeSpan.FromMinutes(10), 310000, 300001, 300005, 400101, 400102);
}
