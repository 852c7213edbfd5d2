using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Ledger;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Streams the rows of <see cref="ItemQueries.FilteredAsync"/> (so scoped to what the user may read) in the list's order:
/// two untracked queries in the same order (items with their latest progress, and their measures) merged as they are read.
/// </summary>
public sealed class LedgerExportRows(IDbContextFactory<RectifyDbContext> dbFactory, ItemQueries queries)
{
    public async Task<int> CountAsync(AccessContext access, ItemFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (await queries.FilteredAsync(db, access, filter, cancellationToken)).CountAsync(cancellationToken);
    }

    public async IAsyncEnumerable<LedgerExportRow> ReadAsync(AccessContext access, ItemFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = ItemQueries.Sorted(await queries.FilteredAsync(db, access, filter, cancellationToken), filter);
        // A split query: EF runs one query for the items and one for their measures, both in the
        // items' order (it adds the key to make the order total), and merges the two streams. Per batch of ids instead,
        // SQLite spent most of the export looking up 500 ids at a time (docs/performance.md, export).
        var rows =
            from i in items
            join l in db.ProblemLists on i.ProblemListId equals l.Id
            join o in db.Organizations on i.ResponsibleOrganizationId equals o.Id
            select new
            {
                Row = new LedgerExportRow(
                    i.Id, i.Number, i.Description, i.Category, l.Source, o.Name,
                    db.Users.Where(u => u.Id == i.OwnerId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                    db.Users.Where(u => u.Id == i.LeaderId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                    i.DeadlineType, i.Deadline, i.Period, i.DueDate, i.Status, i.CompletionSummary, i.ClosedAt, i.Remarks),
                // Version 7 ids sort by creation time: the measures in the order they were added.
                Measures = db.Set<Measure>().Where(m => EF.Property<Guid>(m, "ItemId") == i.Id).OrderBy(m => m.Id).Select(m => m.Text).ToList(),
                // The latest progress: one index lookup per item inside the items' query (a collection with Take(1) became
                // a window over every progress report).
                i.LastProgressDate,
                LatestProgress = db.Set<ProgressReport>().Where(p => EF.Property<Guid>(p, "ItemId") == i.Id && p.Date == i.LastProgressDate)
                    .OrderByDescending(p => p.CreatedAt).Select(p => p.Text).FirstOrDefault(),
            };

        await foreach (var row in rows.AsNoTracking().AsSplitQuery().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row.Row with
            {
                Measures = row.Measures,
                LatestProgressDate = row.LatestProgress is null ? null : row.LastProgressDate,
                LatestProgress = row.LatestProgress,
            };
        }
    }
}
