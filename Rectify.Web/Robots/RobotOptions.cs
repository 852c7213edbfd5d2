using System.ComponentModel.DataAnnotations;

namespace Rectify.Web.Robots;

/// <summary>
/// The "GroupRobots" section: where the platforms are (tests point them at a loopback server), how often and how many times
/// to try. Validated at start.
/// </summary>
public sealed class RobotOptions
{
    public const string Section = "GroupRobots";

    [Required, Url]
    public string WeComBaseUrl { get; set; } = "https://qyapi.weixin.qq.com";

    [Required, Url]
    public string DingTalkBaseUrl { get; set; } = "https://oapi.dingtalk.com";

    [Required, Url]
    public string FeishuBaseUrl { get; set; } = "https://open.feishu.cn";

    /// <summary>Generic webhooks must be https unless this is set (tests and a robot gateway inside the office network).</summary>
    public bool AllowHttpWebhooks { get; set; }

    /// <summary>Messages per robot per minute; the platforms allow 20 (企业微信, 钉钉).</summary>
    [Range(1, 100)]
    public int MessagesPerMinute { get; set; } = 20;

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>How long a claimed message may be in sending before another run takes it for interrupted.</summary>
    [Range(1, 60)]
    public int SendingLeaseMinutes { get; set; } = 5;

    /// <summary>Items listed per section of the morning summary; the rest are counted and linked.</summary>
    [Range(1, 50)]
    public int LinesPerSection { get; set; } = 8;

    /// <summary>Items due within this many days are "due soon" in the group summary.</summary>
    [Range(0, 60)]
    public int DueSoonDays { get; set; } = 7;
}
