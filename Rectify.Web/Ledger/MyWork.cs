namespace Rectify.Web.Ledger;

/// <summary>Sorts and tags the rows of <see cref="ItemQueries.MyWorkAsync"/> for one user: overdue first (most days late first), then by deadline.</summary>
public static class MyWork
{
    public static IReadOnlyList<WorkItem> Classify(Actor actor, IEnumerable<ItemRow> rows) =>
        rows.Select(r => new WorkItem(r, NeedsOf(actor, r)))
            .OrderByDescending(w => w.Row.DaysOverdue ?? 0)
            .ThenBy(w => w.Row.DueDate is null)
            .ThenBy(w => w.Row.DueDate)
            .ThenBy(w => w.Row.Number, StringComparer.Ordinal)
            .ToList();

    public static WorkNeed NeedsOf(Actor actor, ItemRow row)
    {
        var needs = WorkNeed.None;
        if (row.DaysOverdue > 0)
        {
            needs |= WorkNeed.Overdue;
        }

        if (actor.IsLeader && row.Status == ItemStatus.AwaitingSignOff)
        {
            needs |= WorkNeed.SignOff;
        }

        if (actor.IsLeader && row.HasPendingExtension)
        {
            needs |= WorkNeed.Extension;
        }

        var works = row.OwnerId == actor.UserId || (actor.IsSecretary && actor.OrganizationId == row.OrganizationId);
        if (works && row.Status is ItemStatus.Open or ItemStatus.InProgress)
        {
            needs |= WorkNeed.Progress;
        }

        return needs;
    }
}
