using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Overview;

namespace Rectify.Tests.Overview;

/// <summary>
/// The whole ledger's overview on SQLite (decision 0062): every statement it runs on the items and the kept counts, planned
/// with the statistics of the generated 1,000,000-item ledger, reads an index alone (no table row per entry) and in an order
/// that needs no sorting. Before, the overdue count per organisation looked up a table row for each of ~70,000 kept rows and
/// the items closed per week, the sources and the categories sorted tens of thousands of rows: ~60 of the page's ~90 ms of
/// server CPU at 1M. The figures themselves are compared with direct counts by KeptCountsTests and OverviewQueryTests.
/// </summary>
public sealed class OverviewPlanTests
{
    // sqlite_stat1 of the generated 1M ledger (ANALYZE; docs/performance.md, "The administrator's overview at 1M on SQLite").
    private const string MillionItemStatistics = """
        DELETE FROM sqlite_stat1 WHERE tbl IN ('RectificationItems', 'ItemCounts');
        INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
          ('ItemCounts', 'IX_ItemCounts_Covering', '298150 49692 1900 1356 440 1 1'),
          ('ItemCounts', 'IX_ItemCounts_Organization_Covering', '298150 49692 105 25 2 1 1'),
          ('ItemCounts', 'sqlite_autoindex_ItemCounts_1', '298150 49692 1900 1356 440 1'),
          ('RectificationItems', 'IX_RectificationItems_Category', '1000000 125000'),
          ('RectificationItems', 'IX_RectificationItems_ClosedAt_ResponsibleOrganizationId', '1000000 8 5'),
          ('RectificationItems', 'IX_RectificationItems_CreatedOn', '1000000 1372'),
          ('RectificationItems', 'IX_RectificationItems_DueOrder', '1000000 1000000 1010 2'),
          ('RectificationItems', 'IX_RectificationItems_ImportRunId', '1000000 1000000'),
          ('RectificationItems', 'IX_RectificationItems_LeaderId_ResponsibleOrganizationId', '1000000 38462 1055'),
          ('RectificationItems', 'IX_RectificationItems_OwnerId_ResponsibleOrganizationId', '1000000 2110 2110'),
          ('RectificationItems', 'IX_RectificationItems_ProblemListId_Number', '1000000 250 1'),
          ('RectificationItems', 'IX_RectificationItems_ProblemListId_Status', '1000000 250 51'),
          ('RectificationItems', 'IX_RectificationItems_RecurrenceOfItemId', '1000000 1000000'),
          ('RectificationItems', 'IX_RectificationItems_ResponsibleOrganizationId_Category_Status', '1000000 2110 264 53'),
          ('RectificationItems', 'IX_RectificationItems_ResponsibleOrganizationId_Status_DueDate', '1000000 2110 422 2'),
          ('RectificationItems', 'IX_RectificationItems_Status_Category', '1000000 200000 25000 7 7 1 1'),
          ('RectificationItems', 'IX_RectificationItems_Status_Deadline', '1000000 200000 207'),
          ('RectificationItems', 'IX_RectificationItems_Status_DueDate', '1000000 200000 207'),
          ('RectificationItems', 'IX_RectificationItems_Unfinished_DueDate', '708890 717 2'),
          ('RectificationItems', 'IX_RectificationItems_Unfinished_DueDate_Organization', '708890 717 3'),
          ('RectificationItems', 'sqlite_autoindex_RectificationItems_1', '1000000 1');
        """;

    [Fact]
    public async Task The_whole_ledgers_overview_reads_indexes_alone_and_sorts_nothing_with_the_statistics_of_a_million_items()
    {
        using var app = new RectifyFactory();
        var access = await app.AccessAsync("admin");
        using var scope = app.Services.CreateScope();

        // The SQL of one overview as the administrator, as EF sends it (the flow's own statements only: tests run in parallel).
        var (figures, statements) = await FlowCommands.CaptureAsync(() => scope.ServiceProvider.GetRequiredService<OverviewQueries>().GetAsync(access));
        figures.Total.ShouldBeGreaterThan(0);

        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            await db.Database.ExecuteSqlRawAsync(MillionItemStatistics);
        }

        // A fresh pool: SQLite reads the statistics when a connection opens.
        SqliteConnection.ClearAllPools();
        var counted = statements.Where(s => s.Contains("\"ItemCounts\"", StringComparison.Ordinal) || s.Contains("\"RectificationItems\"", StringComparison.Ordinal))
            .ToList();
        counted.Count.ShouldBeGreaterThanOrEqualTo(6 + OverviewQueries.TrendWeeks, string.Join("\n\n", statements));
        var plans = new List<(string Sql, string Plan)>();
        await using (var db = app.CreateDbContext())
        {
            foreach (var sql in counted)
            {
                plans.Add((sql, await SqlitePlans.PlanAsync(db, sql)));
            }
        }

        foreach (var (sql, plan) in plans)
        {
            plan.ShouldNotContain("TEMP B-TREE", Case.Sensitive, $"{plan}\n{sql}");
            foreach (var step in plan.Split(" | ").Where(s => s.StartsWith("SEARCH", StringComparison.Ordinal) || s.StartsWith("SCAN", StringComparison.Ordinal)))
            {
                step.ShouldContain("COVERING INDEX", Case.Sensitive, $"{plan}\n{sql}");
            }
        }

        // The overdue count per organisation: the kept due-month rows in organisation order, from the covering index by organisation.
        plans.Where(p => p.Sql.Contains("\"Key\" < ", StringComparison.Ordinal)).ShouldHaveSingleItem()
            .Plan.ShouldContain("COVERING INDEX IX_ItemCounts_Organization_Covering", Case.Sensitive);
        // The items closed per week: twelve ranges of the (ClosedAt, organisation) index.
        plans.Count(p => p.Sql.Contains("\"ClosedAt\" <", StringComparison.Ordinal) && p.Plan.Contains("COVERING INDEX IX_RectificationItems_ClosedAt_ResponsibleOrganizationId", StringComparison.Ordinal))
            .ShouldBe(OverviewQueries.TrendWeeks);
    }
}
