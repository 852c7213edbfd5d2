namespace Rectify.Web.Overview;

/// <summary>
/// One organisation's items created in the period and marked as a recurrence of an earlier item (屡查屡犯).
/// <see cref="HasChildren"/>: the count is of its own items only, as the overview's other per-organisation rows.
/// </summary>
public sealed record RecurrenceBranchRow(int OrganizationId, string Name, bool HasChildren, int Count);
