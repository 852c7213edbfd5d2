namespace Rectify.Web.Robots;

/// <summary>The group chat platforms a robot can post to. Stored by name: keep the names stable.</summary>
public enum RobotPlatform
{
    /// <summary>企业微信群机器人: webhook key, no signature.</summary>
    WeCom = 0,

    /// <summary>钉钉自定义机器人: access token and 加签 secret (HMAC-SHA256 of "timestamp\nsecret", in the query).</summary>
    DingTalk = 1,

    /// <summary>飞书自定义机器人: hook token, optional 签名校验 secret (HMAC-SHA256 keyed "timestamp\nsecret", in the body).</summary>
    Feishu = 2,

    /// <summary>Any endpoint that takes a JSON POST; optional secret signs the body (X-Rectify-Signature).</summary>
    Webhook = 3,
}
