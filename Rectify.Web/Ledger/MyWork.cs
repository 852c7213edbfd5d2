using Rectify.Domain.Access;
using Rectify.Domain.Ledger;

namespace Rectify.Web.Ledger;

/// <summary>What an item in 我的待办 needs from the signed-in user; an item can need several things at once.</summary>
[Flags]
public enum WorkNeed
{
    None = 0,
    /// <summary>已逾期: the deadline passed and the item is not finished.</summary>
    Overdue = 1,
    /// <summary>待审核销号: a leader must approve or send back the sign-off request.</summary>
    SignOff = 2,
    /// <summary>待审批延期: a leader must decide an extension request.</summary>
    Extension = 4,
    /// <summary>待填报进展: the owner (or the branch's secretary) must report progress or ask for sign-off.</summary>
    Progress = 8,
}

public sealed record WorkItem(ItemRow Row, WorkNeed Needs);

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
