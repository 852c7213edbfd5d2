namespace Rectify.Domain.Reminders;

/// <summary>One item in a branch's morning summary.</summary>
/// <param name="Days">Overdue: days past the deadline. Due soon: days left (0 = due today). Waiting for sign-off: whole days waiting.</param>
public sealed record BranchSummaryLine(Guid ItemId, string Number, string Title, DateOnly? Deadline, int Days, string OwnerId, string LeaderId);
