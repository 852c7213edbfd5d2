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

    public RobotAnswer Interpret(int httpStatus, string body)
    {
        var (code, text) = RobotHttp.ReadCode(body, "errcode", "errmsg");
        if (code is null || httpStatus is < 200 or >= 300)
        {
            return RobotHttp.FromStatus(httpStatus, body);
        }

        var errcode = $"errcode {code}";
        return code switch
        {
            0 => RobotAnswer.Accepted(errcode, text),
            45009 => new RobotAnswer(RobotOutcome.RateLimited, errcode, text, TimeSpan.FromMinutes(1)),
            // invalid webhook url; invalid message type; empty content; content too long; invalid mentioned mobile
            93000 or 40008 or 44004 or 40058 or 301002 => new RobotAnswer(RobotOutcome.Refused, errcode, text),
            _ => new RobotAnswer(RobotOutcome.Failed, errcode, text),
        };
    }
}
