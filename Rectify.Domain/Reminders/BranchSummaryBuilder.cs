using Rectify.Domain.Ledger;

namespace Rectify.Domain.Reminders;

/// <summary>Builds a <see cref="BranchSummary"/>; pure, like <see cref="ReminderPolicy"/>.</summary>
public static class BranchSummaryBuilder
{
    /// <summary>
    /// The summary of the items whose 责任单位 is in <paramref name="organizationIds"/> (a branch and the organisations under
    /// it) on <paramref name="today"/>. Overdue: 立行立改/限期整改, not awaiting sign-off, signed off or closed, deadline before
    /// today. Due soon: the same kinds with a deadline from today to <paramref name="dueSoonDays"/> days ahead. Waiting for
    /// sign-off: status AwaitingSignOff, however long.
    /// </summary>
    public static BranchSummary Build(int organizationId, IReadOnlySet<int> organizationIds, IEnumerable<ReminderItem> items, DateOnly today, DateTimeOffset now, int dueSoonDays)
    {
        ArgumentNullException.ThrowIfNull(organizationIds);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(dueSoonDays);
        var overdue = new List<BranchSummaryLine>();
        var dueSoon = new List<BranchSummaryLine>();
        var awaiting = new List<BranchSummaryLine>();
        foreach (var item in items)
        {
            if (!organizationIds.Contains(item.ResponsibleOrganizationId) || item.Status is ItemStatus.Closed or ItemStatus.SignedOff)
            {
                continue;
            }

            if (item.Status == ItemStatus.AwaitingSignOff)
            {
                var waiting = item.SignOffRequestedAt is { } at ? Math.Max(0, (int)Math.Floor((now - at).TotalDays)) : 0;
                awaiting.Add(Line(item, waiting));
                continue;
            }

            if (item.DeadlineType == DeadlineType.LongTerm || item.Deadline is not { } deadline)
            {
                continue;
            }

            var days = today.DayNumber - deadline.DayNumber;
            if (days > 0)
            {
                overdue.Add(Line(item, days));
            }
            else if (-days <= dueSoonDays)
            {
                dueSoon.Add(Line(item, -days));
            }
        }

        return new BranchSummary(
            organizationId,
            today,
            overdue.OrderByDescending(l => l.Days).ThenBy(l => l.Number, ItemNumberComparer.Instance).ToList(),
            dueSoon.OrderBy(l => l.Days).ThenBy(l => l.Number, ItemNumberComparer.Instance).ToList(),
            awaiting.OrderByDescending(l => l.Days).ThenBy(l => l.Number, ItemNumberComparer.Instance).ToList());
    }

    private static BranchSummaryLine Line(ReminderItem item, int days) =>
        new(item.ItemId, item.Number, item.Title, item.Deadline, days, item.OwnerId, item.LeaderId);
}
