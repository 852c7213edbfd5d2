using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rectify.Domain.Access;
using Rectify.Tests.Support;
using Rectify.Web.Data;
using Rectify.Web.Ledger;
using Rectify.Web.LedgerIO;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.LedgerIO;

/// <summary>
/// The export's own way of reading (decisions 0061 and 0065): the SQLite connection's settings, and the same rows in the same
/// order whether the measures of many small batches are looked up while the next batch is read or all come in one batch.
/// The rows' content is checked on both databases by <see cref="LargeExportTests"/>, the workbook by <see cref="LedgerExportTests"/>.
/// </summary>
public sealed class SqliteExportReadingTests
{
    [Fact]
    public async Task The_export_reads_on_an_unpooled_connection_without_memory_mapping_and_leaves_the_pool_as_configured()
    {
        using var app = new RectifyFactory().With("Database:SqliteCacheMegabytes", "48").With("Database:SqliteMmapMegabytes", "256");
        _ = app.Services;

        await using (var export = app.CreateDbContext())
        {
            await LedgerExportRows.OpenForExportAsync(export, CancellationToken.None);
            (await PragmaAsync(export, "mmap_size")).ShouldBe(0);
            (await PragmaAsync(export, "cache_size")).ShouldBe(-LedgerExportRows.SqliteExportCacheMegabytes * 1024);
            new SqliteConnectionStringBuilder(export.Database.GetConnectionString()).Pooling.ShouldBeFalse();
        }

        // Every other context still gets decision 0051's settings, whichever pooled connection it is given.
        await using var other = app.CreateDbContext();
        await other.Database.OpenConnectionAsync();
        (await PragmaAsync(other, "mmap_size")).ShouldBe(256L * 1024 * 1024);
        (await PragmaAsync(other, "cache_size")).ShouldBe(-48 * 1024);
    }

    [Fact]
    public async Task The_warm_up_reads_every_table_and_index_it_names_and_stops_when_the_export_stops()
    {
        using var app = new RectifyFactory();
        _ = app.Services;
        await using var db = app.CreateDbContext();
        var file = db.Database.GetConnectionString()!;

        // Every statement runs against the schema the migrations build: a renamed table or index fails here, not silently
        // in production (where the warm-up only logs a warning and the export goes on).
        await using (var connection = new SqliteConnection(file))
        {
            await connection.OpenAsync();
            foreach (var statement in SqliteExportWarmUp.Statements)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = statement;
                (await command.ExecuteScalarAsync()).ShouldNotBeNull();
            }
        }

        var logger = app.Services.GetRequiredService<ILogger<LedgerExportRows>>();
        await using (var finished = SqliteExportWarmUp.Start(file, logger, CancellationToken.None))
        {
            await finished.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        }

        // An export that stops (the user left) ends the warm-up too, without an error.
        using var stopped = new CancellationTokenSource();
        var warmUp = SqliteExportWarmUp.Start(file, logger, stopped.Token);
        await stopped.CancelAsync();
        await warmUp.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        warmUp.Completion.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Theory]
    [InlineData("admin", "")]
    [InlineData("admin", "due=Unfinished&sort=Number&desc=1")]
    [InlineData("secretary2", "")]
    public async Task Batches_looked_up_while_the_next_is_read_give_the_rows_of_one_batch(string user, string query)
    {
        using var app = new RectifyFactory();
        var access = await AccessAsync(app, user);
        var filter = ItemFilterQuery.Parse(new Microsoft.AspNetCore.Http.QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)));
        using var scope = app.Services.CreateScope();
        LedgerExportRows Rows(int batchSize, int warmUpFrom = 100_000) => new(
            scope.ServiceProvider.GetRequiredService<IDbContextFactory<RectifyDbContext>>(), scope.ServiceProvider.GetRequiredService<ItemQueries>(),
            scope.ServiceProvider.GetRequiredService<ILogger<LedgerExportRows>>())
        { BatchSize = batchSize, SqliteWarmUpFromRows = warmUpFrom };

        // Batches of 2: the demo ledger's items span several batches, each looked up while the next is read, and a last short one.
        var inBatches = await ReadAsync(Rows(2), access, filter);
        var inOne = await ReadAsync(Rows(10_000), access, filter);
        // With the file's pages read beside the export (decision 0067): the same rows.
        var warmed = await ReadAsync(Rows(2, warmUpFrom: 1), access, filter, expectedRows: 1);

        inBatches.Count.ShouldBeGreaterThan(2);
        inBatches.ShouldBe(inOne);
        warmed.ShouldBe(inOne);
        if (user != "admin")
        {
            return;
        }

        // Not vacuous: names, several measures and a latest progress are there.
        inBatches.ShouldContain(r => r.Contains("1. ", StringComparison.Ordinal) && r.Contains("2. ", StringComparison.Ordinal));
        inBatches.ShouldContain(r => r.Contains("已制定支部年度学习计划，组织集中学习2次。", StringComparison.Ordinal));
        inBatches.ShouldContain(r => r.Contains("机关第一党支部", StringComparison.Ordinal));
    }

    /// <summary>Each row as one line of every field the export writes, measures numbered.</summary>
    private static async Task<List<string>> ReadAsync(LedgerExportRows rows, AccessContext access, ItemFilter filter, int expectedRows = 0)
    {
        var lines = new List<string>();
        await foreach (var r in rows.ReadAsync(access, filter, CancellationToken.None, expectedRows))
        {
            var measures = string.Join(" ", r.Measures.Select((m, i) => $"{i + 1}. {m}"));
            lines.Add(string.Join(" | ", r.Id, r.Number, r.Description, r.Category, r.Source, r.OrganizationName, r.OwnerName, r.LeaderName,
                r.DeadlineType, r.Deadline, r.Period, r.DueDate, r.Status, r.CompletionSummary, r.ClosedAt, r.Remarks,
                measures, r.LatestProgressDate, r.LatestProgress));
        }

        return lines;
    }

    private static async Task<long> PragmaAsync(RectifyDbContext db, string name)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command)
        {
            command.CommandText = $"PRAGMA {name}";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
