namespace Rectify.Domain.Ledger;

public enum ExtensionState
{
    Pending = 0,
    Approved = 1,
    Refused = 2,
}

/// <summary>延期申请: the owner asks for a later deadline; the history keeps the deadline it replaced.</summary>
public sealed class ExtensionRequest
{
    private ExtensionRequest()
    {
    }

    internal ExtensionRequest(DateOnly oldDeadline, DateOnly requestedDeadline, string reason, string requestedBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        OldDeadline = oldDeadline;
        RequestedDeadline = requestedDeadline;
        Reason = reason;
        RequestedBy = requestedBy;
        RequestedAt = now;
        State = ExtensionState.Pending;
    }

    public Guid Id { get; private set; }

    public DateOnly OldDeadline { get; private set; }

    public DateOnly RequestedDeadline { get; private set; }

    public string Reason { get; private set; } = string.Empty;

    public string RequestedBy { get; private set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; private set; }

    public ExtensionState State { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DecisionComment { get; private set; }

    internal void Decide(bool approve, string decidedBy, string? comment, DateTimeOffset now)
    {
        State = approve ? ExtensionState.Approved : ExtensionState.Refused;
        DecidedBy = decidedBy;
        DecidedAt = now;
        DecisionComment = comment;
    }
}
