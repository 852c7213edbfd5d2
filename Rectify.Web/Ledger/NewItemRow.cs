namespace Rectify.Web.Ledger;

/// <summary>One row of the "add items" form or grid, as the administrator typed it.</summary>
public sealed class NewItemRow
{
    public string Description { get; set; } = "";
    public string Category { get; set; } = "";
    public int? OrganizationId { get; set; }
    public string? OwnerId { get; set; }
    public string? LeaderId { get; set; }
    public DeadlineType DeadlineType { get; set; } = DeadlineType.ByDate;
    public DateOnly? Deadline { get; set; }
    public ReportingPeriod? Period { get; set; }
    public string? Remarks { get; set; }

    /// <summary>整改措施, one per line (optional).</summary>
    public string? Measures { get; set; }

    /// <summary>标记为复发: the earlier item this problem is the same weakness as (屡查屡犯), chosen from the suggestions.</summary>
    public Guid? RecurrenceOfItemId { get; set; }

    /// <summary>A new row that keeps this row's organisation, people and deadline: lists often give several problems to the same branch.</summary>
    public NewItemRow CopyAssignment() => new()
    {
        Category = Category,
        OrganizationId = OrganizationId,
        OwnerId = OwnerId,
        LeaderId = LeaderId,
        DeadlineType = DeadlineType,
        Deadline = Deadline,
        Period = Period,
    };

    public IReadOnlyList<string> MeasureLines() =>
        (Measures ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
