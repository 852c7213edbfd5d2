using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Ledger;

namespace Rectify.Web.LedgerIO;

/// <summary>One ledger line with everything the export writes (names joined, measures, the latest progress).</summary>
public sealed record LedgerExportRow(
    Guid Id,
    string Number,
    string Description,
    string Category,
    ProblemSource Source,
    string OrganizationName,
    string OwnerName,
    string LeaderName,
    DeadlineType DeadlineType,
    DateOnly? Deadline,
    ReportingPeriod? Period,
    DateOnly? DueDate,
    ItemStatus Status,
    string? CompletionSummary,
    DateTimeOffset? ClosedAt,
    string? Remarks)
{
    public IReadOnlyList<string> Measures { get; init; } = [];

    public DateOnly? LatestProgressDate { get; init; }

    public string? LatestProgress { get; init; }

    public bool IsFinished => Status is ItemStatus.SignedOff or ItemStatus.Closed;

    /// <summary>Overdue as the red light sees it: unfinished and the due date (deadline, or next report for 长期坚持) has passed.</summary>
    public int? DaysOverdue(DateOnly today) => !IsFinished && DueDate is { } due && due < today ? today.DayNumber - due.DayNumber : null;
}

/// <summary>
/// Streams the rows of <see cref="ItemQueries.Filtered"/> (so scoped to what the user may read) in the list's order:
/// one untracked query for the items, and per batch of items one query for their measures and one for their latest
/// progress, so memory stays flat however many items there are.
/// </summary>
public sealed class LedgerExportRows(IDbContextFactory<RectifyDbContext> dbFactory, ItemQueries queries)
{
    private const int BatchSize = 500;

    public async Task<int> CountAsync(AccessContext access, ItemFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await queries.Filtered(db, access, filter).CountAsync(cancellationToken);
    }

    public async IAsyncEnumerable<LedgerExportRow> ReadAsync(AccessContext access, ItemFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var details = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = ItemQueries.Sorted(queries.Filtered(db, access, filter), filter);
        var rows =
            from i in items
            join l in db.ProblemLists on i.ProblemListId equals l.Id
            join o in db.Organizations on i.ResponsibleOrganizationId equals o.Id
            select new LedgerExportRow(
                i.Id, i.Number, i.Description, i.Category, l.Source, o.Name,
                db.Users.Where(u => u.Id == i.OwnerId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                db.Users.Where(u => u.Id == i.LeaderId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                i.DeadlineType, i.Deadline, i.Period, i.DueDate, i.Status, i.CompletionSummary, i.ClosedAt, i.Remarks);

        var batch = new List<LedgerExportRow>(BatchSize);
        await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                foreach (var complete in await CompleteAsync(details, batch, cancellationToken))
                {
                    yield return complete;
                }

                batch.Clear();
            }
        }

        foreach (var complete in await CompleteAsync(details, batch, cancellationToken))
        {
            yield return complete;
        }
    }

    private static async Task<IEnumerable<LedgerExportRow>> CompleteAsync(RectifyDbContext db, List<LedgerExportRow> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var ids = batch.Select(r => r.Id).ToList();
        var measures = (await db.Set<Measure>().AsNoTracking()
                .Where(m => ids.Contains(EF.Property<Guid>(m, "ItemId")))
                .Select(m => new { ItemId = EF.Property<Guid>(m, "ItemId"), m.Id, m.Text })
                .ToListAsync(cancellationToken))
            .GroupBy(m => m.ItemId)
            // Version 7 ids in text form sort by creation time: the measures in the order they were added.
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id.ToString("N"), StringComparer.Ordinal).Select(m => m.Text).ToList());
        var progress = (await (
                from p in db.Set<ProgressReport>().AsNoTracking()
                join i in db.Items on EF.Property<Guid>(p, "ItemId") equals i.Id
                where ids.Contains(i.Id) && p.Date == i.LastProgressDate
                select new { ItemId = i.Id, p.Date, p.CreatedAt, p.Text })
                .ToListAsync(cancellationToken))
            .GroupBy(p => p.ItemId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.CreatedAt).First());

        return batch.Select(r => r with
        {
            Measures = measures.TryGetValue(r.Id, out var m) ? m : [],
            LatestProgressDate = progress.TryGetValue(r.Id, out var p) ? p.Date : null,
            LatestProgress = p?.Text,
        }).ToList();
    }
}
