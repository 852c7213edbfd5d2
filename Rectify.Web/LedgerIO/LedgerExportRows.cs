using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Streams the rows of <see cref="ItemQueries.FilteredAsync"/> (so scoped to what the user may read) in the list's order,
/// untracked, without ever holding the whole ledger: the items come from one query read as it arrives, without joins (the
/// names of people, lists and organisations are read once, <see cref="ExportNames"/>), and the measures of each batch of
/// items from a second connection while the next batch is read. Both connections are the export's own (on SQLite unpooled
/// and without memory mapping, on PostgreSQL with larger read buffers and without the planner's JIT) and read one snapshot.
/// Why: docs/decisions/0038-the-export-streams-to-the-response.md, 0061 and 0065.
/// </summary>
public sealed class LedgerExportRows(IDbContextFactory<RectifyDbContext> dbFactory, ItemQueries queries, ILogger<LedgerExportRows> logger)
{
    /// <summary>A SQLite export of at least this many rows reads the tables it looks rows up in beside it (<see cref="SqliteExportWarmUp"/>).</summary>
    internal int SqliteWarmUpFromRows { get; init; } = 100_000;

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

    /// <summary>
    /// The PostgreSQL export's read buffer, 64 KB instead of Npgsql's 8 KB: the export reads tens of megabytes, and every
    /// refill of the buffer is an asynchronous socket read handed between threads, with Npgsql's timeout timer started and
    /// stopped under a lock (a profile of the export found the lock contended and the thread pool's workers spinning around
    /// those hand-overs). The connection string differs, so the export has its own pool and other requests keep 8 KB.
    /// </summary>
    private const int PostgresReadBuffer = 64 * 1024;

    public async Task<int> CountAsync(AccessContext access, ItemFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (await queries.FilteredAsync(db, access, filter, cancellationToken)).CountAsync(cancellationToken);
    }

    /// <param name="expectedRows">How many rows the caller counted (0: not counted); a large SQLite export warms the file's pages beside it.</param>
    public async IAsyncEnumerable<LedgerExportRow> ReadAsync(
        AccessContext access, ItemFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken, int expectedRows = 0)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var warmUp = expectedRows >= SqliteWarmUpFromRows && db.Database.IsSqlite() && db.Database.GetConnectionString() is { } file
            ? SqliteExportWarmUp.Start(file, logger, cancellationToken)
            : null;
        await OpenForExportAsync(db, cancellationToken);
        var names = await ExportNames.LoadAsync(db, cancellationToken);
        var items = ItemQueries.Sorted(await queries.FilteredAsync(db, access, filter, cancellationToken), filter);
        await foreach (var row in WithMeasuresAlongsideAsync(db, items, names, cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>
    /// Opens <paramref name="db"/> on a connection of the export's own and starts one read-only snapshot on it, so that the
    /// names and the items agree (a list or organisation created between the two reads cannot reach the items without its
    /// name). SQLite (decision 0065): unpooled, so that <see cref="SqliteExportPragmas"/> and the page cache end with the
    /// export instead of staying with a pooled connection; a deferred transaction takes no write lock. PostgreSQL (decision
    /// 0061): <see cref="PostgresReadBuffer"/>, a repeatable-read transaction (read-only: it never fails on a conflict), and
    /// no JIT for its statements: the items' query costs the planner far more than jit_above_cost (a lookup per row for the
    /// latest progress), so PostgreSQL compiled it with LLVM on every export, 0.3–0.9 s before the first row, never earned
    /// back by a query that streams its rows as fast as they are read. The transaction ends when the context is disposed.
    /// </summary>
    internal static async Task OpenForExportAsync(RectifyDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            db.Database.SetConnectionString(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString());
            // The connection interceptor (decision 0051) sets the app's settings first; these replace two of them.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(SqliteExportPragmas, cancellationToken);
            var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            return;
        }

        if (db.Database.IsNpgsql() && db.Database.GetConnectionString() is { } connectionString)
        {
            db.Database.SetConnectionString(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { ReadBufferSize = PostgresReadBuffer }.ConnectionString);
        }

        await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", cancellationToken);
        }
    }

    /// <summary>
    /// The items stream from one query on the export's connection; the measures of each batch of items come from a second
    /// export connection on another thread while the next batch is read (one index lookup per item). Until decision 0065
    /// SQLite used EF's split query, whose second query walked the items again in the same order and joined the measures
    /// (at 1,000,000 items 10 s of SQLite's CPU on the reading thread, against ~6 s for the lookups, which now run beside
    /// it); PostgreSQL cannot read two result sets on one connection, so EF buffered the split query's whole first query
    /// (~700,000 rows, +800 MB at 1M, decision 0038). Neither query joins: the names of people, lists and organisations come
    /// from <paramref name="names"/> (the joins and two people lookups per row were a third of the items query's time on
    /// SQLite and doubled PostgreSQL's buffer reads).
    /// </summary>
    private async IAsyncEnumerable<LedgerExportRow> WithMeasuresAlongsideAsync(
        RectifyDbContext db, IQueryable<RectificationItem> items, ExportNames names, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var lookup = await dbFactory.CreateDbContextAsync(cancellationToken);
        await OpenForExportAsync(lookup, cancellationToken);
        // The id breaks ties, so both databases list equal rows alike.
        var ordered = ((IOrderedQueryable<RectificationItem>)items).ThenBy(i => i.Id);
        var rows = ordered.Select(i => new ItemRow
        {
            Id = i.Id, Number = i.Number, Description = i.Description, Category = i.Category, ProblemListId = i.ProblemListId,
            OrganizationId = i.ResponsibleOrganizationId, OwnerId = i.OwnerId, LeaderId = i.LeaderId,
            DeadlineType = i.DeadlineType, Deadline = i.Deadline, Period = i.Period, DueDate = i.DueDate, Status = i.Status,
            CompletionSummary = i.CompletionSummary, ClosedAt = i.ClosedAt, Remarks = i.Remarks, LastProgressDate = i.LastProgressDate,
            // Only items with a progress date look for their latest report (a quarter of the unfinished have none): one index
            // lookup per item inside the items' query (a collection with Take(1) became a window over every progress report).
            LatestProgress = i.LastProgressDate == null
                ? null
                : db.Set<ProgressReport>().Where(p => EF.Property<Guid>(p, "ItemId") == i.Id && p.Date == i.LastProgressDate)
                    .OrderByDescending(p => p.CreatedAt).Select(p => p.Text).FirstOrDefault(),
        });

        var batch = new List<ItemRow>(BatchSize);
        List<ItemRow>? pendingBatch = null;
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

                // Microsoft.Data.Sqlite reads synchronously: Task.Run puts the lookup on another thread (on PostgreSQL it
                // only starts the asynchronous query there).
                var ids = batch.ConvertAll(r => r.Id);
                pending = Task.Run(() => MeasuresAsync(lookup, ids, cancellationToken), cancellationToken);
                pendingBatch = batch;
                batch = new List<ItemRow>(BatchSize);
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

    /// <summary>An item's row before its names and measures (members, not constructor arguments, so that EF can compose on it).</summary>
    private sealed class ItemRow
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

        public LedgerExportRow Complete(ExportNames names, ILookup<Guid, string> measures) =>
            new LedgerExportRow(
                Id, Number, Description, Category, names.Source(ProblemListId), names.Organization(OrganizationId),
                names.Person(OwnerId), names.Person(LeaderId), DeadlineType, Deadline, Period, DueDate, Status, CompletionSummary, ClosedAt, Remarks)
            with
            {
                Measures = [.. measures[Id]],
                LatestProgressDate = LatestProgress is null ? null : LastProgressDate,
                LatestProgress = LatestProgress,
            };
    }

    /// <summary>
    /// Every user's display name, every problem list's source and every organisation's name, read once per export (at
    /// 1,000,000 items: 5,000 users, 4,000 lists, 500 organisations) instead of joined into every row.
    /// </summary>
    private sealed class ExportNames(Dictionary<string, string> people, Dictionary<Guid, ProblemSource> sources, Dictionary<int, string> organizations)
    {
        public static async Task<ExportNames> LoadAsync(RectifyDbContext db, CancellationToken cancellationToken) => new(
            await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, StringComparer.Ordinal, cancellationToken),
            await db.ProblemLists.AsNoTracking().Select(l => new { l.Id, l.Source }).ToDictionaryAsync(l => l.Id, l => l.Source, cancellationToken),
            await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken));

        /// <summary>"" for a user that is gone, as the joined query's <c>FirstOrDefault() ?? ""</c> gave.</summary>
        public string Person(string id) => people.GetValueOrDefault(id, "");

        public ProblemSource Source(Guid listId) => sources[listId];

        public string Organization(int id) => organizations[id];
    }
}
