using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Streams the rows of <see cref="ItemQueries.FilteredAsync"/> (so scoped to what the user may read) in the list's order,
/// untracked, without ever holding the whole ledger: the items come from one query read as it arrives, their measures per
/// batch of items from a second connection — on PostgreSQL after each batch (docs/decisions/0038), on SQLite on another
/// thread while the next batch is read, and SQLite reads on connections of its own, without memory mapping, with the names
/// of people, lists and organisations from memory (docs/decisions/0065).
/// </summary>
public sealed class LedgerExportRows(IDbContextFactory<RectifyDbContext> dbFactory, ItemQueries queries)
{
    /// <summary>Items whose measures one query fetches (one index lookup per item); smaller in tests, to have many batches.</summary>
    internal int BatchSize { get; init; } = 1000;

    /// <summary>
    /// The SQLite export's own connection (decision 0065): not pooled, no memory mapping (every page of the file it reads
    /// would otherwise stay in the server's resident set: +618 MB at 1,000,000 items) and a page cache of this many MB
    /// instead of Database:SqliteCacheMegabytes (a whole-ledger scan gains nothing from a large one; it is freed at the end).
    /// </summary>
    internal const int SqliteExportCacheMegabytes = 8;

    internal static readonly string SqliteExportPragmas = string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA mmap_size = 0; PRAGMA cache_size = -{SqliteExportCacheMegabytes * 1024};");

    public async Task<int> CountAsync(AccessContext access, ItemFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (await queries.FilteredAsync(db, access, filter, cancellationToken)).CountAsync(cancellationToken);
    }

    public async IAsyncEnumerable<LedgerExportRow> ReadAsync(AccessContext access, ItemFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in ReadAsync(access, filter, perBatch: null, cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// <paramref name="perBatch"/>: null for the provider's own way; true reads the measures per batch (PostgreSQL's way) on
    /// any database, so that a test can compare the two ways on the same SQLite data.
    /// </summary>
    internal async IAsyncEnumerable<LedgerExportRow> ReadAsync(
        AccessContext access, ItemFilter filter, bool? perBatch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            await OpenForExportAsync(db, cancellationToken);
        }

        var items = ItemQueries.Sorted(await queries.FilteredAsync(db, access, filter, cancellationToken), filter);
        var rows = perBatch ?? !sqlite
            ? WithMeasuresPerBatchAsync(db, items, cancellationToken)
            : WithMeasuresAlongsideAsync(db, items, await ExportNames.LoadAsync(db, cancellationToken), cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Opens <paramref name="db"/> on a connection of its own with the export's settings (<see cref="SqliteExportPragmas"/>):
    /// unpooled, so that they and the page cache end with the export instead of staying with a pooled connection.
    /// </summary>
    internal static async Task OpenForExportAsync(RectifyDbContext db, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        db.Database.SetConnectionString(connection.ToString());
        // The connection interceptor (decision 0051) sets the app's settings first; these replace two of them.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(SqliteExportPragmas, cancellationToken);
        // One read snapshot for the names and the items (a deferred transaction takes no write lock): a list or organisation
        // created between the two reads cannot reach the items without its name. Rolled back when the context is disposed.
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
    }

    /// <summary>
    /// SQLite: the items stream from one query on the export's connection; the measures of each 1,000 items come from a second
    /// export connection on another thread while the next 1,000 items are read (one index lookup per item, as on PostgreSQL).
    /// Until decision 0065 this was EF's split query, whose second query walked the items again in the same order and
    /// joined the measures: at 1,000,000 items 10 s of SQLite's CPU on the reading thread, against ~6 s for the lookups,
    /// which now run beside it. Neither query joins: the names of people, lists and organisations come from
    /// <paramref name="names"/> (the joins and two people lookups per row were a third of the items query's time).
    /// </summary>
    private async IAsyncEnumerable<LedgerExportRow> WithMeasuresAlongsideAsync(
        RectifyDbContext db, IQueryable<RectificationItem> items, ExportNames names, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var lookup = await dbFactory.CreateDbContextAsync(cancellationToken);
        await OpenForExportAsync(lookup, cancellationToken);
        // The id breaks ties, as on PostgreSQL, so both databases list equal rows alike.
        var ordered = ((IOrderedQueryable<RectificationItem>)items).ThenBy(i => i.Id);
        var rows = ordered.Select(i => new SqliteRow
        {
            Id = i.Id, Number = i.Number, Description = i.Description, Category = i.Category, ProblemListId = i.ProblemListId,
            OrganizationId = i.ResponsibleOrganizationId, OwnerId = i.OwnerId, LeaderId = i.LeaderId,
            DeadlineType = i.DeadlineType, Deadline = i.Deadline, Period = i.Period, DueDate = i.DueDate, Status = i.Status,
            CompletionSummary = i.CompletionSummary, ClosedAt = i.ClosedAt, Remarks = i.Remarks, LastProgressDate = i.LastProgressDate,
            // Only items with a progress date look for their latest report (a quarter of the unfinished have none).
            LatestProgress = i.LastProgressDate == null
                ? null
                : db.Set<ProgressReport>().Where(p => EF.Property<Guid>(p, "ItemId") == i.Id && p.Date == i.LastProgressDate)
                    .OrderByDescending(p => p.CreatedAt).Select(p => p.Text).FirstOrDefault(),
        });

        var batch = new List<SqliteRow>(BatchSize);
        List<SqliteRow>? pendingBatch = null;
        Task<ILookup<Guid, string>>? pending = null;
        try
        {
            await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                batch.Add(row);
                if (batch.Count < BatchSize)
                {
                    continue;
                }

                if (pending is not null)
                {
                    var measures = await pending;
                    foreach (var r in pendingBatch!)
                    {
                        yield return r.Complete(names, measures);
                    }
                }

                // Microsoft.Data.Sqlite reads synchronously: Task.Run puts the lookup on another thread.
                var ids = batch.ConvertAll(r => r.Id);
                pending = Task.Run(() => MeasuresAsync(lookup, ids, cancellationToken), cancellationToken);
                pendingBatch = batch;
                batch = new List<SqliteRow>(BatchSize);
            }

            if (pending is not null)
            {
                var measures = await pending;
                pending = null;
                foreach (var r in pendingBatch!)
                {
                    yield return r.Complete(names, measures);
                }
            }

            var last = await MeasuresAsync(lookup, batch.ConvertAll(r => r.Id), cancellationToken);
            foreach (var r in batch)
            {
                yield return r.Complete(names, last);
            }
        }
        finally
        {
            // Stopped early (cancelled, or the writer failed): the lookup must end before its context is disposed.
            if (pending is not null)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// The measures' texts of <paramref name="ids"/> by item, each item's in the order they were added (version 7 ids sort
    /// by creation time, as uuids on PostgreSQL and as text on SQLite).
    /// </summary>
    private static async Task<ILookup<Guid, string>> MeasuresAsync(RectifyDbContext db, List<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? Enumerable.Empty<string>().ToLookup(_ => Guid.Empty)
            : (await db.Set<Measure>().AsNoTracking()
                .Where(m => ids.Contains(EF.Property<Guid>(m, "ItemId")))
                .OrderBy(m => m.Id)
                .Select(m => new { ItemId = EF.Property<Guid>(m, "ItemId"), m.Text })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.ItemId, m => m.Text);

    /// <summary>An item's row on SQLite before its names and measures (members, not constructor arguments, so that EF can compose on it).</summary>
    private sealed class SqliteRow
    {
        public required Guid Id { get; init; }

        public required string Number { get; init; }

        public required string Description { get; init; }

        public required string Category { get; init; }

        public required Guid ProblemListId { get; init; }

        public required int OrganizationId { get; init; }

        public required string OwnerId { get; init; }

        public required string LeaderId { get; init; }

        public required DeadlineType DeadlineType { get; init; }

        public DateOnly? Deadline { get; init; }

        public ReportingPeriod? Period { get; init; }

        public DateOnly? DueDate { get; init; }

        public required ItemStatus Status { get; init; }

        public string? CompletionSummary { get; init; }

        public DateTimeOffset? ClosedAt { get; init; }

        public string? Remarks { get; init; }

        public DateOnly? LastProgressDate { get; init; }

        public string? LatestProgress { get; init; }

        public LedgerExportRow Complete(ExportNames names, ILookup<Guid, string> measures) => LedgerExportRows.Complete(
            new LedgerExportRow(
                Id, Number, Description, Category, names.Source(ProblemListId), names.Organization(OrganizationId),
                names.Person(OwnerId), names.Person(LeaderId), DeadlineType, Deadline, Period, DueDate, Status, CompletionSummary, ClosedAt, Remarks),
            LastProgressDate, LatestProgress, [.. measures[Id]]);
    }

    /// <summary>
    /// Every user's display name, every problem list's source and every organisation's name, read once per export (at
    /// 1,000,000 items: 5,000 users, 4,000 lists, 500 organisations) instead of joined into every row.
    /// </summary>
    private sealed class ExportNames(Dictionary<string, string> people, Dictionary<Guid, ProblemSource> sources, Dictionary<int, string> organizations)
    {
        public static async Task<ExportNames> LoadAsync(RectifyDbContext db, CancellationToken cancellationToken) => new(
            await db.Users.Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken),
            await db.ProblemLists.Select(l => new { l.Id, l.Source }).ToDictionaryAsync(l => l.Id, l => l.Source, cancellationToken),
            await db.Organizations.Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken));

        /// <summary>"" for a user that is gone, as the joined query's <c>FirstOrDefault() ?? ""</c> gave.</summary>
        public string Person(string id) => people.GetValueOrDefault(id, "");

        public ProblemSource Source(Guid listId) => sources[listId];

        public string Organization(int id) => organizations[id];
    }

    /// <summary>
    /// PostgreSQL (Npgsql) cannot read two result sets on one connection, so EF buffers the whole first query of a split
    /// query before it starts the second: at 1,000,000 items that held ~700,000 rows and grew the server by 800 MB. Here
    /// the items stream on their own connection and the measures of each batch come from a second one.
    /// </summary>
    private async IAsyncEnumerable<LedgerExportRow> WithMeasuresPerBatchAsync(
        RectifyDbContext db, IQueryable<RectificationItem> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var lookup = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batch = new List<ProjectedRow>(BatchSize);
        // The id breaks ties as the split query's does (EF adds the key there), so both databases list equal rows alike.
        var ordered = ((IOrderedQueryable<RectificationItem>)items).ThenBy(i => i.Id);
        await foreach (var row in Project(db, ordered).AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                foreach (var complete in await WithMeasuresAsync(lookup, batch, cancellationToken))
                {
                    yield return complete;
                }

                batch.Clear();
            }
        }

        foreach (var complete in await WithMeasuresAsync(lookup, batch, cancellationToken))
        {
            yield return complete;
        }
    }

    private static async Task<List<LedgerExportRow>> WithMeasuresAsync(RectifyDbContext db, List<ProjectedRow> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var measures = await MeasuresAsync(db, batch.ConvertAll(r => r.Id), cancellationToken);
        return batch.ConvertAll(r => Complete(r.Row, r.LastProgressDate, r.LatestProgress, [.. measures[r.Id]]));
    }

    private static LedgerExportRow Complete(LedgerExportRow row, DateOnly? lastProgressDate, string? latestProgress, IReadOnlyList<string> measures) =>
        row with
        {
            Measures = measures,
            LatestProgressDate = latestProgress is null ? null : lastProgressDate,
            LatestProgress = latestProgress,
        };

    private static IQueryable<ProjectedRow> Project(RectifyDbContext db, IQueryable<RectificationItem> items) =>
        from i in items
        join l in db.ProblemLists on i.ProblemListId equals l.Id
        join o in db.Organizations on i.ResponsibleOrganizationId equals o.Id
        select new ProjectedRow
        {
            Id = i.Id,
            Row = new LedgerExportRow(
                i.Id, i.Number, i.Description, i.Category, l.Source, o.Name,
                db.Users.Where(u => u.Id == i.OwnerId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                db.Users.Where(u => u.Id == i.LeaderId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                i.DeadlineType, i.Deadline, i.Period, i.DueDate, i.Status, i.CompletionSummary, i.ClosedAt, i.Remarks),
            LastProgressDate = i.LastProgressDate,
            // The latest progress: one index lookup per item inside the items' query (a collection with Take(1) became
            // a window over every progress report).
            LatestProgress = db.Set<ProgressReport>().Where(p => EF.Property<Guid>(p, "ItemId") == i.Id && p.Date == i.LastProgressDate)
                .OrderByDescending(p => p.CreatedAt).Select(p => p.Text).FirstOrDefault(),
        };

    /// <summary>An item's row before its measures (members, not constructor arguments, so that EF can compose on it).</summary>
    private sealed class ProjectedRow
    {
        public required Guid Id { get; init; }

        public required LedgerExportRow Row { get; init; }

        public DateOnly? LastProgressDate { get; init; }

        public string? LatestProgress { get; init; }
    }
}
