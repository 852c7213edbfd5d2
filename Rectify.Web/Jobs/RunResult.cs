namespace Rectify.Web.Jobs;

/// <summary>What one run enqueued: new messages, and digests skipped (already enqueued, or the recipient has no usable address).</summary>
public sealed record RunResult(int Enqueued, int AlreadyEnqueued, int SkippedRecipients);
