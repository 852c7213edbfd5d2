using System.Runtime.CompilerServices;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Streams the rows of <see cref="ItemQueries.FilteredAsync"/> (so scoped to what the user may read) in the list's order,
/// untracked, without ever holding the whole ledger: the items come from one query read as it arrives; their measures
/// either from a second query in the same order merged as both are read (SQLite), or per batch of items on a second
/// connection (PostgreSQL). docs/decisions/0038-the-export-streams-to-the-response.md says why the two differ.
/// </summary>
public sealed class LedgerExportRows(IDbContextFactory<RectifyDbContext> dbFactory, ItemQueries queries)
{
    /// <summary>Items whose measures one PostgreSQL query fetches (one index lookup per item, 16-byte uuid keys).</summary>
    internal const int PostgresBatchSize = 1000;

    public async Task<int> CountAsync(AccessContext access, ItemFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (await queries.FilteredAsync(db, access, filter, cancellationToken)).CountAsync(cancellationToken);
    }

    public async IAsyncEnumerable<LedgerExportRow> ReadAsync(AccessContext access, ItemFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await StreamingContextAsync(cancellationToken);
        var names = await NamesAsync(db, cancellationToken);
        var items = ItemQueries.Sorted(await queries.FilteredAsync(db, access, filter, cancellationToken), filter);
        var sqlite = db.Database.IsSqlite();
        await using var transaction = sqlite ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        if (!sqlite)
        {
            // The items' query costs PostgreSQL's planner far more than jit_above_cost (a lookup per row for the latest
            // progress), so PostgreSQL compiled it with LLVM on every export: 0.3–0.9 s before the first row, never earned
            // back by a query that streams its rows as fast as they are read (docs/decisions/0061).
            await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", cancellationToken);
        }

        var rows = sqlite
            ? WithMeasuresMergedAsync(db, items, names, cancellationToken)
            : WithMeasuresPerBatchAsync(db, items, names, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// A context whose PostgreSQL connection reads 64 KB at a time instead of Npgsql's 8 KB: the export reads tens of megabytes,
    /// and every refill of the buffer is an asynchronous socket read handed between threads, with Npgsql's timeout timer
    /// started and stopped under a lock (a profile of the export found the lock contended and the thread pool's workers
    /// spinning around those hand-overs). Its own pool (the connection string differs), so other requests keep 8 KB buffers.
    /// </summary>
    private async Task<RectifyDbContext> StreamingContextAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql() && db.Database.GetConnectionString() is { } connectionString)
        {
            db.Database.SetConnectionString(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { ReadBufferSize = StreamingReadBuffer }.ConnectionString);
        }

        return db;
    }

    private const int StreamingReadBuffer = 64 * 1024;

    /// <summary>
    /// Every user's and organisation's name, read once: joined per row in the items' query, they cost PostgreSQL two index
    /// lookups per item and sent the same few thousand names tens of thousands of times (docs/decisions/0061).
    /// </summary>
    private static async Task<Names> NamesAsync(RectifyDbContext db, CancellationToken cancellationToken) => new(
        await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, StringComparer.Ordinal, cancellationToken),
        await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken));

    /// <summary>
    /// A split query: EF runs one query for the items and one for their measures, both in the items' order (it adds the key
    /// to make the order total), and merges the two streams. SQLite reads both at once on one connection; per batch of ids
    /// instead, SQLite spent most of the export looking up 500 text keys at a time (docs/performance.md, export).
    /// </summary>
    private static async IAsyncEnumerable<LedgerExportRow> WithMeasuresMergedAsync(
        RectifyDbContext db, IQueryable<RectificationItem> items, Names names, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = Project(db, items).Select(r => new
        {
            r.Row,
            r.OrganizationId,
            r.OwnerId,
            r.LeaderId,
            // Version 7 ids sort by creation time: the measures in the order they were added.
            Measures = db.Set<Measure>().Where(m => EF.Property<Guid>(m, "ItemId") == r.Id).OrderBy(m => m.Id).Select(m => m.Text).ToList(),
            r.LastProgressDate,
            r.LatestProgress,
        });
        await foreach (var row in rows.AsNoTracking().AsSplitQuery().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return names.Complete(row.Row, row.OrganizationId, row.OwnerId, row.LeaderId, row.LastProgressDate, row.LatestProgress, row.Measures);
        }
    }

    /// <summary>
    /// PostgreSQL (Npgsql) cannot read two result sets on one connection, so EF buffers the whole first query of a split
    /// query before it starts the second: at 1,000,000 items that held ~700,000 rows and grew the server by 800 MB. Here
    /// the items stream on their own connection and the measures of each batch come from a second one.
    /// </summary>
    private async IAsyncEnumerable<LedgerExportRow> WithMeasuresPerBatchAsync(
        RectifyDbContext db, IQueryable<RectificationItem> items, Names names, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var lookup = await StreamingContextAsync(cancellationToken);
        var batch = new List<ProjectedRow>(PostgresBatchSize);
        // The measures of the previous batch are read on the second connection while this one's items arrive on the first.
        Task<List<LedgerExportRow>>? pending = null;
        // The id breaks ties as the split query's does (EF adds the key there), so both databases list equal rows alike.
        var ordered = ((IOrderedQueryable<RectificationItem>)items).ThenBy(i => i.Id);
        try
        {
            await foreach (var row in Project(db, ordered).AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                batch.Add(row);
                if (batch.Count == PostgresBatchSize)
                {
                    if (pending is not null)
                    {
                        foreach (var complete in await pending)
                        {
                            yield return complete;
                        }
                    }

                    pending = WithMeasuresAsync(lookup, batch, names, cancellationToken);
                    batch = new List<ProjectedRow>(PostgresBatchSize);
                }
            }

            if (pending is not null)
            {
                foreach (var complete in await pending)
                {
                    yield return complete;
                }

                pending = null;
            }

            foreach (var complete in await WithMeasuresAsync(lookup, batch, names, cancellationToken))
            {
                yield return complete;
            }
        }
        finally
        {
            // Stopped early (an error, or the download was cancelled): the lookup's context must be idle before it is disposed.
            if (pending is not null)
            {
                await pending.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private static async Task<List<LedgerExportRow>> WithMeasuresAsync(RectifyDbContext db, List<ProjectedRow> batch, Names names, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var ids = batch.Select(r => r.Id).ToArray();
        // uuid order is the order of the version 7 ids' bytes: the measures in the order they were added.
        var measures = (await db.Set<Measure>().AsNoTracking()
                .Where(m => ids.Contains(EF.Property<Guid>(m, "ItemId")))
                .OrderBy(m => m.Id)
                .Select(m => new { ItemId = EF.Property<Guid>(m, "ItemId"), m.Text })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.ItemId, m => m.Text);
        return batch.ConvertAll(r => names.Complete(r.Row, r.OrganizationId, r.OwnerId, r.LeaderId, r.LastProgressDate, r.LatestProgress, [.. measures[r.Id]]));
    }

    private static IQueryable<ProjectedRow> Project(RectifyDbContext db, IQueryable<RectificationItem> items) =>
        from i in items
        join l in db.ProblemLists on i.ProblemListId equals l.Id
        select new ProjectedRow
        {
            Id = i.Id,
            // The names come from Names (read once), keyed by these ids.
            Row = new LedgerExportRow(
                i.Id, i.Number, i.Description, i.Category, l.Source, "", "", "",
                i.DeadlineType, i.Deadline, i.Period, i.DueDate, i.Status, i.CompletionSummary, i.ClosedAt, i.Remarks)
,
            OrganizationId = i.ResponsibleOrganizationId,
            OwnerId = i.OwnerId,
            LeaderId = i.LeaderId,
            LastProgressDate = i.LastProgressDate,
            // The latest progress: one index lookup per item inside the items' query (a collection with Take(1) became
            // a window over every progress report).
            LatestProgress = db.Set<ProgressReport>().Where(p => EF.Property<Guid>(p, "ItemId") == i.Id && p.Date == i.LastProgressDate)
                .OrderByDescending(p => p.CreatedAt).Select(p => p.Text).FirstOrDefault(),
        };

    /// <summary>The names the rows show, by id (a user or organisation not found shows as empty, as the joins did).</summary>
    private sealed record Names(Dictionary<string, string> Users, Dictionary<int, string> Organizations)
    {
        public LedgerExportRow Complete(
            LedgerExportRow row, int organizationId, string ownerId, string leaderId, DateOnly? lastProgressDate, string? latestProgress, IReadOnlyList<string> measures) =>
            row with
            {
                OrganizationName = Organizations.GetValueOrDefault(organizationId, ""),
                OwnerName = Users.GetValueOrDefault(ownerId, ""),
                LeaderName = Users.GetValueOrDefault(leaderId, ""),
                Measures = measures,
                LatestProgressDate = latestProgress is null ? null : lastProgressDate,
                LatestProgress = latestProgress,
            };
    }

    /// <summary>An item's row before its measures (members, not constructor arguments, so that EF can compose on it).</summary>
    private sealed class ProjectedRow
    {
        public required Guid Id { get; init; }

        public required LedgerExportRow Row { get; init; }

        public required int OrganizationId { get; init; }

        public required string OwnerId { get; init; }

        public required string LeaderId { get; init; }

        public DateOnly? LastProgressDate { get; init; }

        public string? LatestProgress { get; init; }
    }
}
