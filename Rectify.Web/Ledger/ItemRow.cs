namespace Rectify.Web.Ledger;

public sealed record ItemRow(
    Guid Id,
    string Number,
    string Description,
    string Category,
    ProblemSource Source,
    Guid ProblemListId,
    string ProblemListTitle,
    int OrganizationId,
    string OrganizationName,
    string OwnerId,
    string OwnerName,
    string LeaderId,
    string LeaderName,
    DeadlineType DeadlineType,
    DateOnly? Deadline,
    DateOnly? DueDate,
    ItemStatus Status,
    DateOnly? LastProgressDate,
    DateTimeOffset? ClosedAt,
    TrafficLight Light,
    int? DaysOverdue)
{
    /// <summary>An extension request waits for a leader's decision (我的待办: 待审批延期).</summary>
    public bool HasPendingExtension { get; init; }
}
