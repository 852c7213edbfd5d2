using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.LedgerIO;

/// <summary>
/// An export of more items than one batch of the reading side holds (on PostgreSQL the measures come per 1,000 items, the
/// next batch's read while the items stream, and the names of people and organisations are read once, not joined per row:
/// docs/decisions/0061): every row must still carry its own measures, progress and names, in the list's order.
/// </summary>
public abstract class LargeExportTests(RectifyFactory app)
{
    /// <summary>On the app's default SQLite database.</summary>
    public sealed class OnSqlite(RectifyFactory app) : LargeExportTests(app), IClassFixture<RectifyFactory>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(PostgresRectifyFactory app) : LargeExportTests(app), IClassFixture<PostgresRectifyFactory>;

    private const int Items = 2_345;

    [Fact]
    public async Task Every_row_of_a_long_export_carries_its_own_measures_progress_and_names_in_order()
    {
        var (listId, names) = await SeedAsync();

        var client = await SignedInClientAsync(app, "admin");
        var response = await client.GetAsync($"/ledger/export.xlsx?list={listId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var cells = Cells(document);

        cells["A2"].ShouldContain($"共 {Items} 项");
        var today = Today;
        for (var n = 0; n < Items; n++)
        {
            // Ordered by due date: item n is due n + 1 days from today, so row n + 4 is item n.
            var row = n + 4;
            cells[$"A{row}"].ShouldBe((n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            cells[$"C{row}"].ShouldBe(Description(n), $"row {row}");
            var measures = Enumerable.Range(1, n % 4).Select(m => $"{m}. 第{n}项的措施{m}");
            cells.GetValueOrDefault($"D{row}", "").ShouldBe(string.Join('\n', measures), $"row {row}");
            cells[$"E{row}"].ShouldBe(names[Leader(n)], $"row {row}");
            cells[$"F{row}"].ShouldBe(n % 3 == 0 ? "机关第一党支部" : "社会福利院党支部", $"row {row}");
            cells[$"G{row}"].ShouldBe(names[Owner(n)], $"row {row}");
            cells[$"H{row}"].ShouldBe(Iso(today.AddDays(1 + n)), $"row {row}");
            cells.GetValueOrDefault($"I{row}", "").ShouldBe(n % 5 == 0 ? $"{Iso(today)} 第{n}项已推进" : "", $"row {row}");
        }

        cells.ContainsKey($"C{Items + 4}").ShouldBeFalse();
    }

    private static string Description(int n) => $"大批导出测试第{n}项";

    private static string Owner(int n) => n % 3 == 0 ? "secretary" : "secretary2";

    private static string Leader(int n) => n % 2 == 0 ? "leader" : "leader2";

    /// <summary>A list of <see cref="Items"/> items straight through the domain (one save), unique descriptions.</summary>
    private async Task<(Guid ListId, Dictionary<string, string> Names)> SeedAsync()
    {
        var admin = await AccessAsync(app, "admin");
        var people = new Dictionary<string, AccessContext>();
        foreach (var name in new[] { "secretary", "secretary2", "leader", "leader2" })
        {
            people[name] = await AccessAsync(app, name);
        }

        var clock = app.Services.GetRequiredService<LedgerClock>();
        var today = clock.Today;
        var now = clock.Now;
        var office = await OrganizationIdAsync(app, "机关第一党支部");
        var welfare = await OrganizationIdAsync(app, "社会福利院党支部");
        await using var db = app.CreateDbContext();
        var list = ProblemList.Create(admin, "大批导出测试问题清单", ProblemSource.Inspection, today, office, now);
        db.ProblemLists.Add(list);
        for (var n = 0; n < Items; n++)
        {
            var item = RectificationItem.Create(admin, list, n + 1,
                new ItemDetails(Description(n), "理论学习", n % 3 == 0 ? office : welfare, people[Owner(n)].Actor.UserId, people[Leader(n)].Actor.UserId,
                    DeadlineType.ByDate, today.AddDays(1 + n)),
                today, now);
            for (var m = 1; m <= n % 4; m++)
            {
                // Measures are listed in the order of their version 7 ids: one millisecond apart.
                item.AddMeasure(admin, $"第{n}项的措施{m}", null, null, now.AddMilliseconds(m));
            }

            if (n % 5 == 0)
            {
                item.AddProgress(people[Owner(n)], today, $"第{n}项已推进", 10, today, now);
            }

            db.Items.Add(item);
        }

        await db.SaveChangesAsync();
        return (list.Id, people.ToDictionary(p => p.Key, p => p.Value.Actor.DisplayName));
    }
}
