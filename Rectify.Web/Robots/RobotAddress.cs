using System.Text.RegularExpressions;

namespace Rectify.Web.Robots;

/// <summary>
/// Reads what an administrator pastes: the whole webhook URL the platform shows, or just its key/token. Stores only the part
/// that identifies the robot (the URL of a generic webhook), so the platform's host comes from configuration and a pasted
/// address cannot send group messages anywhere else.
/// </summary>
public static partial class RobotAddress
{
    /// <summary>The value to store, or the text key of the refusal.</summary>
    public static (string? Value, string? ErrorKey) Normalize(RobotPlatform platform, string input, bool allowHttp)
    {
        var value = (input ?? "").Trim();
        if (value.Length == 0)
        {
            return (null, "Robots.Error.AddressRequired");
        }

        switch (platform)
        {
            case RobotPlatform.WeCom:
                value = QueryValue(value, "key") ?? value;
                return Token().IsMatch(value) ? (value, null) : (null, "Robots.Error.AddressInvalid");
            case RobotPlatform.DingTalk:
                value = QueryValue(value, "access_token") ?? value;
                return Token().IsMatch(value) ? (value, null) : (null, "Robots.Error.AddressInvalid");
            case RobotPlatform.Feishu:
                var hook = value.IndexOf("/hook/", StringComparison.Ordinal);
                if (hook >= 0)
                {
                    value = value[(hook + "/hook/".Length)..].Split('?', '#')[0].TrimEnd('/');
                }

                return Token().IsMatch(value) ? (value, null) : (null, "Robots.Error.AddressInvalid");
            case RobotPlatform.Webhook:
                if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || value.Any(char.IsControl)
                    || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    return (null, "Robots.Error.AddressInvalid");
                }

                return uri.Scheme == Uri.UriSchemeHttp && !allowHttp ? (null, "Robots.Error.WebhookHttps") : (uri.AbsoluteUri, null);
            default:
                return (null, "Robots.Error.PlatformUnknown");
        }
    }

    /// <summary>A secret as pasted: no spaces or control characters, at most 200 characters; null when it is not one.</summary>
    public static string? NormalizeSecret(string input)
    {
        var value = (input ?? "").Trim();
        return value.Length is > 0 and <= 200 && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? value : null;
    }

    private static string? QueryValue(string value, string name)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return null;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && parts[0] == name)
            {
                return Uri.UnescapeDataString(parts[1]);
            }
        }

        return "";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{6,128}$")]
    private static partial Regex Token();
}
