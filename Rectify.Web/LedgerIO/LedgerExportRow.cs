namespace Rectify.Web.LedgerIO;

/// <summary>One ledger line with everything the export writes (names joined, measures, the latest progress).</summary>
public sealed record LedgerExportRow(
    Guid Id,
    string Number,
    string Description,
    string Category,
    ProblemSource Source,
    string OrganizationName,
    string OwnerName,
    string LeaderName,
    DeadlineType DeadlineType,
    DateOnly? Deadline,
    ReportingPeriod? Period,
    DateOnly? DueDate,
    ItemStatus Status,
    string? CompletionSummary,
    DateTimeOffset? ClosedAt,
    string? Remarks)
{
    public IReadOnlyList<string> Measures { get; init; } = [];

    public DateOnly? LatestProgressDate { get; init; }

    public string? LatestProgress { get; init; }

    public bool IsFinished => Status is ItemStatus.SignedOff or ItemStatus.Closed;

    /// <summary>Overdue as the red light sees it: unfinished and the due date (deadline, or next report for 长期坚持) has passed.</summary>
    public int? DaysOverdue(DateOnly today) => !IsFinished && DueDate is { } due && due < today ? today.DayNumber - due.DayNumber : null;
}
