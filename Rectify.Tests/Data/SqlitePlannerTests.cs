using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Data;

/// <summary>
/// SQLite-only settings and query shapes (decisions 0051 and 0052), checked on the app's own SQLite file: what every pooled
/// connection is set to, and which index SQLite reads for the recurrence filter given the statistics of a large ledger.
/// </summary>
public sealed class SqlitePlannerTests
{
    [Fact]
    public async Task Every_connection_of_the_app_has_the_configured_page_cache_memory_mapping_and_temp_store()
    {
        using var app = new RectifyFactory().With("Database:SqliteCacheMegabytes", "48").With("Database:SqliteMmapMegabytes", "256");
        _ = app.Services;

        // Two contexts open at once hold two pooled connections; the third runs on one of them again after the pool took it back.
        await using (var first = app.CreateDbContext())
        await using (var second = app.CreateDbContext())
        {
            await first.Database.OpenConnectionAsync();
            await second.Database.OpenConnectionAsync();
            (await SettingsAsync(first)).ShouldBe((-48 * 1024, 256L * 1024 * 1024, 2));
            (await SettingsAsync(second)).ShouldBe((-48 * 1024, 256L * 1024 * 1024, 2));
        }

        await using var again = app.CreateDbContext();
        (await SettingsAsync(again)).ShouldBe((-48 * 1024, 256L * 1024 * 1024, 2));
    }

    [Fact]
    public async Task The_recurrence_filter_reads_the_recurrence_index_with_the_statistics_of_a_million_items()
    {
        using var app = new RectifyFactory();
        await using (var db = app.CreateDbContext())
        {
            // The statistics ANALYZE wrote for the generated 1,000,000-item ledger (no item marked as a recurrence: all NULL,
            // which sqlite_stat1 counts as one value of a million rows), for every index the scoped query could read (an index
            // without a row here counts as unanalysed, which SQLite rates as selective).
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            await db.Database.ExecuteSqlRawAsync("""
                DELETE FROM sqlite_stat1 WHERE tbl = 'RectificationItems';
                INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
                  ('RectificationItems', NULL, '1000000'),
                  ('RectificationItems', 'IX_RectificationItems_RecurrenceOfItemId', '1000000 1000000'),
                  ('RectificationItems', 'IX_RectificationItems_CreatedOn', '1000000 1380'),
                  ('RectificationItems', 'IX_RectificationItems_ResponsibleOrganizationId_Status_DueDate', '1000000 2110 422 2'),
                  ('RectificationItems', 'IX_RectificationItems_ResponsibleOrganizationId_Category_Status', '1000000 2110 211 42'),
                  ('RectificationItems', 'IX_RectificationItems_OwnerId_ResponsibleOrganizationId', '1000000 209 209'),
                  ('RectificationItems', 'IX_RectificationItems_LeaderId_ResponsibleOrganizationId', '1000000 38470 1060');
                """);
        }

        using var scope = app.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<ItemQueries>();
        foreach (var user in new[] { "admin", "leader2" })
        {
            // A fresh pool: SQLite reads the statistics when a connection opens.
            SqliteConnection.ClearAllPools();
            var access = await app.AccessAsync(user);
            await using var db = app.CreateDbContext();
            var filter = new ItemFilter { Recurrence = true, CreatedFrom = new DateOnly(2026, 1, 1), CreatedTo = new DateOnly(2026, 12, 31) };
            var query = (await queries.FilteredAsync(db, access, filter)).GroupBy(i => i.ResponsibleOrganizationId).Select(g => new { g.Key, Count = g.Count() });

            var plan = await SqlitePlans.PlanAsync(db, query.ToQueryString());

            // The whole ledger: from the recurrence index. A limited scope (since decision 0047 "organisation IN (…) OR id IN
            // (named)") may read its organisations' index instead, which is bounded by the scope; never a year of CreatedOn.
            if (user == "admin")
            {
                plan.ShouldContain("IX_RectificationItems_RecurrenceOfItemId", Case.Sensitive, $"{user}: {plan}");
            }

            plan.ShouldNotContain("IX_RectificationItems_CreatedOn", Case.Sensitive, $"{user}: {plan}");
        }
    }

    [Fact]
    public async Task The_reminder_run_reads_the_earliest_unfinished_due_date_from_the_partial_index()
    {
        using var app = new RectifyFactory();
        await using var db = app.CreateDbContext();

        var plan = await SqlitePlans.PlanAsync(db, Rectify.Web.Jobs.ReminderData.UnfinishedDueDates(db).Take(1).ToQueryString());

        // SQLite reads a partial index only when the query's WHERE holds the index's condition as written ("Status" NOT IN (3, 4));
        // with the terms the other way round it read a whole-status index and sorted it (1.25 s at 1,000,000 items).
        plan.ShouldContain("IX_RectificationItems_Unfinished_DueDate", Case.Sensitive, plan);
        plan.ShouldNotContain("TEMP B-TREE", Case.Sensitive, plan);
    }

    private static async Task<(long CacheSize, long MmapSize, long TempStore)> SettingsAsync(Rectify.Web.Data.RectifyDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        return (await ScalarAsync(connection, "PRAGMA cache_size"), await ScalarAsync(connection, "PRAGMA mmap_size"), await ScalarAsync(connection, "PRAGMA temp_store"));
    }

    private static async Task<long> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
