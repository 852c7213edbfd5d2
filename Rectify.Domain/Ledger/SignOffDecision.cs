namespace Rectify.Domain.Ledger;

/// <summary>One 销号审核 decision: approved, or sent back (退回) with a reason. <see cref="Summary"/> is the 整改完成情况 that was judged.</summary>
public sealed class SignOffDecision
{
    private SignOffDecision()
    {
    }

    internal SignOffDecision(bool approved, string? reason, string decidedBy, string summary, DateTimeOffset now, string? requestedBy)
    {
        RequestedBy = requestedBy;
        Id = Guid.CreateVersion7(now);
        Approved = approved;
        Reason = reason;
        DecidedBy = decidedBy;
        DecidedAt = now;
        Summary = summary;
    }

    public Guid Id { get; private set; }

    public bool Approved { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>Who asked for the sign-off that was judged; null on decisions recorded before this was kept.</summary>
    public string? RequestedBy { get; private set; }

    public string DecidedBy { get; private set; } = string.Empty;

    public DateTimeOffset DecidedAt { get; private set; }

    public string Summary { get; private set; } = string.Empty;
}
