namespace Rectify.Web.Robots;

/// <summary>What a platform's answer means for the outbox.</summary>
public enum RobotOutcome
{
    /// <summary>The platform took the message.</summary>
    Accepted = 0,

    /// <summary>Too many messages: try again after the platform's window, counted as an attempt.</summary>
    RateLimited = 1,

    /// <summary>Refused for a reason a retry does not change (bad key, signature mismatch, robot removed): Failed at once.</summary>
    Refused = 2,

    /// <summary>Unreachable, timed out, a server error: try again with backoff.</summary>
    Failed = 3,
}
