namespace Rectify.Web.Robots;

/// <summary>What one robot dispatcher run did: sent, failed attempts, given up, held back by the per-robot rate limit, recovered.</summary>
public sealed record RobotDispatchResult(int Sent, int FailedAttempts, int GaveUp, int Throttled, int Recovered);
