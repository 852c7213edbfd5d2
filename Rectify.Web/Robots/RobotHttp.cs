using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rectify.Web.Robots;

/// <summary>What the platforms share: JSON bodies, HMAC signatures, byte limits, and the meaning of bare HTTP statuses.</summary>
internal static class RobotHttp
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode body) => body.ToJsonString(Json);

    public static HttpRequestMessage Post(string url, JsonNode body) => Post(url, Serialize(body));

    public static HttpRequestMessage Post(string url, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(json, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return request;
    }

    public static string HmacSha256Base64(string key, string message) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));

    /// <summary>At most <paramref name="maxBytes"/> of UTF-8, cut at a line end where possible, "…" when cut.</summary>
    public static string LimitBytes(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Encoding.UTF8.GetByteCount("\n…");
        var lines = text.Split('\n');
        var kept = new StringBuilder();
        foreach (var line in lines)
        {
            if (Encoding.UTF8.GetByteCount(kept.ToString()) + Encoding.UTF8.GetByteCount(line) + 1 > budget)
            {
                break;
            }

            kept.Append(line).Append('\n');
        }

        return kept.ToString() + "…";
    }

    /// <summary>The answer when the body is not the platform's JSON: 429 is a rate limit, 5xx and 408 are worth retrying, other 4xx are not.</summary>
    public static RobotAnswer FromStatus(int status, string body)
    {
        var detail = body.Length > 300 ? body[..300] + "…" : body;
        return status switch
        {
            >= 200 and < 300 => RobotAnswer.Accepted($"HTTP {status}", detail),
            429 => new RobotAnswer(RobotOutcome.RateLimited, "HTTP 429", detail, TimeSpan.FromMinutes(1)),
            408 or >= 500 => new RobotAnswer(RobotOutcome.Failed, $"HTTP {status}", detail),
            _ => new RobotAnswer(RobotOutcome.Refused, $"HTTP {status}", detail),
        };
    }

    /// <summary>The integer at <paramref name="codeName"/> in a JSON object body and the text at <paramref name="messageName"/>, or null when the body is not such JSON.</summary>
    public static (long? Code, string Message) ReadCode(string body, string codeName, string messageName)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && o[codeName] is JsonValue v && v.TryGetValue<long>(out var code))
            {
                return (code, o[messageName]?.ToString() ?? "");
            }
        }
        catch (JsonException)
        {
        }

        return (null, "");
    }

    /// <summary>
    /// The answer of a platform that reports {"errcode": N, "errmsg": "…"} (钉钉, 企业微信): 0 accepted, <paramref name="rateLimited"/>
    /// a rate limit (wait <paramref name="wait"/>), one of <paramref name="refused"/> a refusal not worth retrying, any other failed.
    /// </summary>
    public static RobotAnswer FromErrcode(int httpStatus, string body, long rateLimited, TimeSpan wait, params long[] refused)
    {
        var (code, text) = ReadCode(body, "errcode", "errmsg");
        if (code is null || httpStatus is < 200 or >= 300)
        {
            return FromStatus(httpStatus, body);
        }

        var errcode = $"errcode {code}";
        return code == 0 ? RobotAnswer.Accepted(errcode, text)
            : code == rateLimited ? new RobotAnswer(RobotOutcome.RateLimited, errcode, text, wait)
            : new RobotAnswer(refused.Contains(code.Value) ? RobotOutcome.Refused : RobotOutcome.Failed, errcode, text);
    }
}
