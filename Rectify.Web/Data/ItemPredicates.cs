using System.Linq.Expressions;

namespace Rectify.Web.Data;

/// <summary>Item conditions that must be written one way so that the databases read them from their indexes.</summary>
public static class ItemPredicates
{
    /// <summary>
    /// The unfinished items: neither signed off (3) nor closed (4). The order of the two terms matters: EF writes this as
    /// <c>"Status" NOT IN (3, 4)</c>, the very text of the partial indexes' condition (<c>IX_RectificationItems_Unfinished_DueDate</c>
    /// and <c>…_Unfinished_DueDate_Organization</c>), and SQLite reads a partial index only when the query's WHERE contains the
    /// index's terms as written. Written the other way round (<c>NOT IN (4, 3)</c>), the reminder run's earliest unfinished due
    /// date was read from a whole-status index and sorted: 1.25 s at 1,000,000 items instead of a few milliseconds.
    /// </summary>
    public static readonly Expression<Func<RectificationItem, bool>> Unfinished =
        i => i.Status != ItemStatus.SignedOff && i.Status != ItemStatus.Closed;

    /// <summary>
    /// The same items named by the statuses they may have (<c>"Status" IN (0, 1, 2)</c>), for PostgreSQL, which can then read the
    /// statuses as bounds of an index whose second column is the status. Used beside <see cref="Unfinished"/>, never instead of it.
    /// </summary>
    public static readonly Expression<Func<RectificationItem, bool>> UnfinishedStatuses =
        i => i.Status == ItemStatus.Open || i.Status == ItemStatus.InProgress || i.Status == ItemStatus.AwaitingSignOff;
}
