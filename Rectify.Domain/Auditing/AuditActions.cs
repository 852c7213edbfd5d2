namespace Rectify.Domain.Auditing;

/// <summary>Stable action codes of <see cref="AuditRecord.Action"/>; stored, so never rename them.</summary>
public static class AuditActions
{
    public const string ProblemListCreated = "problem_list.created";
    public const string ProblemListUpdated = "problem_list.updated";

    public const string ItemCreated = "item.created";
    public const string ItemUpdated = "item.updated";
    public const string MeasureAdded = "item.measure_added";
    public const string MeasureUpdated = "item.measure_updated";
    public const string MeasureDone = "item.measure_done";
    public const string MeasureUndone = "item.measure_undone";
    public const string ProgressAdded = "item.progress_added";
    public const string EvidenceAdded = "item.evidence_added";
    public const string SignOffRequested = "item.signoff_requested";
    public const string SignOffApproved = "item.signoff_approved";
    public const string SentBack = "item.sent_back";
    public const string ExtensionRequested = "item.extension_requested";
    public const string ExtensionApproved = "item.extension_approved";
    public const string ExtensionRefused = "item.extension_refused";
    public const string Closed = "item.closed";
    public const string Reopened = "item.reopened";
    public const string RecurrenceMarked = "item.recurrence_marked";
    public const string RecurrenceCleared = "item.recurrence_cleared";
    public const string RecurrenceDismissed = "item.recurrence_dismissed";
}
