using Rectify.Domain.Reminders;

namespace Rectify.Web.Ledger;

/// <summary>What the item list shows; also what is remembered per user in the browser (ProtectedLocalStorage).</summary>
public sealed record ItemFilter
{
    public ItemStatus? Status { get; init; }
    public int? OrganizationId { get; init; }
    public string? LeaderId { get; init; }
    public ProblemSource? Source { get; init; }
    public string? Category { get; init; }
    public DueFilter Due { get; init; }
    public string? Text { get; init; }
    public Guid? ProblemListId { get; init; }

    /// <summary>With <see cref="OrganizationId"/>: only that organisation's own items, not its descendants' (the overview's per-organisation rows).</summary>
    public bool OrganizationOnly { get; init; }

    /// <summary>Created (立项) on or after this day (the overview's weekly trend).</summary>
    public DateOnly? CreatedFrom { get; init; }

    /// <summary>Created on or before this day.</summary>
    public DateOnly? CreatedTo { get; init; }

    /// <summary>Closed (已销号) on or after this day, in the configured time zone.</summary>
    public DateOnly? ClosedFrom { get; init; }

    /// <summary>Closed on or before this day, in the configured time zone.</summary>
    public DateOnly? ClosedTo { get; init; }

    /// <summary>Only items marked as a recurrence of an earlier one (屡查屡犯; the overview's 反复出现的问题).</summary>
    public bool Recurrence { get; init; }

    /// <summary>
    /// With <see cref="ReminderAt"/>: exactly the items of this section of the reader's own reminder mail of that run (the
    /// mail's "另有 N 项未列出，查看全部" link; decision 0049).
    /// </summary>
    public DigestSection? Reminder { get; init; }

    /// <summary>The instant of the reminder run <see cref="Reminder"/> refers to.</summary>
    public DateTimeOffset? ReminderAt { get; init; }

    public ItemSort Sort { get; init; } = ItemSort.DueDate;
    public bool Descending { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
}
