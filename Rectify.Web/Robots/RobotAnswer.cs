namespace Rectify.Web.Robots;

/// <summary>
/// A platform's answer: the outcome, the platform's own code (errcode / code / HTTP status) and message, and for a rate limit
/// how long to wait. <see cref="Describe"/> is what the outbox page and the test button show.
/// </summary>
public sealed record RobotAnswer(RobotOutcome Outcome, string Code, string Detail, TimeSpan? RetryAfter = null)
{
    public static RobotAnswer Accepted(string code, string detail) => new(RobotOutcome.Accepted, code, detail);

    /// <summary>"钉钉 errcode 310000: sign not match (签名不匹配)" — the platform's words, then ours.</summary>
    public string Describe(RobotPlatform platform, string? meaning = null) =>
        $"{platform} {Code}: {Detail}" + (string.IsNullOrEmpty(meaning) ? "" : $" ({meaning})");
}
