namespace Rectify.Web.Recurrence;

/// <summary>
/// An administrator looked at a likely recurrence found among existing items (<see cref="RecurrenceScan"/>) and decided the
/// later item is not the earlier one's weakness found again; the scan does not propose the pair again. Audited on the later
/// item (<see cref="Domain.Auditing.AuditActions.RecurrenceDismissed"/>).
/// </summary>
public sealed class RecurrenceDismissal
{
    public Guid Id { get; init; }

    /// <summary>The later item.</summary>
    public Guid ItemId { get; init; }

    public Guid EarlierItemId { get; init; }

    public string DismissedBy { get; init; } = "";

    public DateTimeOffset DismissedAt { get; init; }
}
