using System.Text.Json.Nodes;

namespace Rectify.Web.Robots;

/// <summary>
/// 飞书自定义机器人: POST {base}/open-apis/bot/v2/hook/TOKEN with an interactive card (a header and one markdown element,
/// links as [text](url)). With 签名校验 the body carries "timestamp" (seconds) and "sign" = base64(HMAC-SHA256 keyed
/// "timestamp\nsecret" over an empty message). 飞书 @-mentions need the person's open_id/user_id, which Rectify does not
/// keep: people are named, not @-mentioned. code 19021 = sign match fail, 19022 = IP not allowed, 19024 = keyword missing,
/// 11232 = frequency limited (HTTP 429 as well).
/// </summary>
public sealed class FeishuPlatform(Microsoft.Extensions.Options.IOptions<RobotOptions> options) : IRobotPlatform
{
    public const int MarkdownMaxBytes = 18000;

    public RobotPlatform Platform => RobotPlatform.Feishu;

    public HttpRequestMessage Build(RobotTarget target, RobotMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var url = $"{options.Value.FeishuBaseUrl.TrimEnd('/')}/open-apis/bot/v2/hook/{Uri.EscapeDataString(target.Address)}";
        var body = new JsonObject();
        if (!string.IsNullOrEmpty(target.Secret))
        {
            var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            body["timestamp"] = timestamp;
            body["sign"] = Sign(timestamp, target.Secret);
        }

        body["msg_type"] = "interactive";
        body["card"] = new JsonObject
        {
            ["header"] = new JsonObject { ["title"] = new JsonObject { ["tag"] = "plain_text", ["content"] = message.Title } },
            ["elements"] = new JsonArray(new JsonObject { ["tag"] = "markdown", ["content"] = RobotHttp.LimitBytes(message.Markdown, MarkdownMaxBytes) }),
        };
        return RobotHttp.Post(url, body);
    }

    /// <summary>base64(HMAC-SHA256(key = "timestamp\nsecret", message = empty)).</summary>
    public static string Sign(string timestamp, string secret) => RobotHttp.HmacSha256Base64($"{timestamp}\n{secret}", "");

    public RobotAnswer Interpret(int httpStatus, string body)
    {
        var (code, text) = RobotHttp.ReadCode(body, "code", "msg");
        if (code is null)
        {
            // The older answer shape: {"StatusCode":0,"StatusMessage":"success"}.
            (code, text) = RobotHttp.ReadCode(body, "StatusCode", "StatusMessage");
        }

        if (code is null || (httpStatus is < 200 or >= 300 && httpStatus != 400))
        {
            return RobotHttp.FromStatus(httpStatus, body);
        }

        var label = $"code {code}";
        return code switch
        {
            0 when httpStatus is >= 200 and < 300 => RobotAnswer.Accepted(label, text),
            11232 => new RobotAnswer(RobotOutcome.RateLimited, label, text, TimeSpan.FromMinutes(1)),
            19021 or 19022 or 19024 or 19001 or 9499 => new RobotAnswer(RobotOutcome.Refused, label, text),
            _ => new RobotAnswer(RobotOutcome.Failed, label, text),
        };
    }
}
