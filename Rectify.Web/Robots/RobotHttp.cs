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

    /// <summary>The integer at <paramref name="name"/> in a JSON object body, or null when the body is not such JSON.</summary>
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

    public static long UnixMilliseconds(DateTimeOffset now) => now.ToUnixTimeMilliseconds();
}
