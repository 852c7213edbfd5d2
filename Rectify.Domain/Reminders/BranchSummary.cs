namespace Rectify.Domain.Reminders;

/// <summary>
/// The morning summary a branch's group chat gets (群机器人): its items that are overdue (most days first), due within the
/// due-soon window (soonest first), and waiting for sign-off (longest waiting first). Empty sections mean nothing to say.
/// </summary>
public sealed record BranchSummary(
    int OrganizationId,
    DateOnly Day,
    IReadOnlyList<BranchSummaryLine> Overdue,
    IReadOnlyList<BranchSummaryLine> DueSoon,
    IReadOnlyList<BranchSummaryLine> AwaitingSignOff)
{
    /// <summary>The outbox kind of group-robot summaries.</summary>
    public const string Kind = "RobotSummary";

    public bool IsEmpty => Overdue.Count == 0 && DueSoon.Count == 0 && AwaitingSignOff.Count == 0;

    /// <summary>
    /// <c>RobotSummary:{organisation}:{day}</c>: one message per organisation and day, so reruns and restarts on the same day
    /// find the key and send nothing twice.
    /// </summary>
    public string IdempotencyKey => IdempotencyKeyFor(OrganizationId, Day);

    public static string IdempotencyKeyFor(int organizationId, DateOnly day) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Kind}:{organizationId}:{day:yyyy-MM-dd}");

    /// <summary>The people a group message may @-mention: owners of overdue and due-soon items, leaders of items waiting for their sign-off.</summary>
    public IReadOnlyList<string> PeopleToMention =>
        Overdue.Concat(DueSoon).Select(l => l.OwnerId)
            .Concat(AwaitingSignOff.Select(l => l.LeaderId))
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
