using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;
using static Rectify.Tests.Ledger.DemoItems;

namespace Rectify.Tests.Ledger;

/// <summary>
/// Decision 0047: a leader's list reads "organisation in their scope, or one of the items named on them outside it", the
/// latter found once through ranges of organisation ids around the scope's. Items named on 张伟 (leader2, scope 机关第一/第二党支部)
/// in an organisation below the scope's ids (the 党组 itself), above them (社会福利院党支部) and through a measure he owns are
/// listed, in the list's order page by page, with the pager's total; nobody else gains them; on both databases.
/// </summary>
public abstract class NamedOutsideListTests(RectifyFactory app)
{
    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(OwnSqlite app) : NamedOutsideListTests(app), IClassFixture<OwnSqlite>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(OwnPostgres app) : NamedOutsideListTests(app), IClassFixture<OwnPostgres>;

    /// <summary>An app of this class alone (the test changes the demo data).</summary>
    public sealed class OwnSqlite : RectifyFactory;

    /// <summary>An app of this class alone, on PostgreSQL.</summary>
    public sealed class OwnPostgres : PostgresRectifyFactory;

    [Fact]
    public async Task Items_named_on_a_leader_outside_their_organisations_are_listed_and_counted()
    {
        var leader2 = await app.UserIdAsync("leader2");
        var committee = await app.OrganizationIdAsync("区民政局党组");
        var welfare = await app.OrganizationIdAsync("社会福利院党支部");
        var office1 = await app.OrganizationIdAsync("机关第一党支部");
        var office2 = await app.OrganizationIdAsync("机关第二党支部");
        committee.ShouldBeLessThan(Math.Min(office1, office2));
        welfare.ShouldBeGreaterThan(Math.Max(office1, office2));
        await using (var db = app.CreateDbContext())
        {
            // Done: moved to the 党组 (below the scope's ids), leader2 its owner. Style: 社会福利院 (above them), leader2 its leader.
            // Late: 社会福利院, leader2 owns one of its measures.
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"RectificationItems\" SET \"ResponsibleOrganizationId\" = {0}, \"OwnerId\" = {1} WHERE \"Description\" LIKE {2}",
                [committee, leader2, Done + "%"]);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"RectificationItems\" SET \"LeaderId\" = {0} WHERE \"Description\" LIKE {1}", [leader2, Style + "%"]);
            // (Only 学习教育 has measures in the demo ledger: one of them moves to Late.)
            var late = await db.Items.Where(i => i.Description.StartsWith(Late)).Select(i => i.Id).SingleAsync();
            var study = await db.Items.Where(i => i.Description.StartsWith(Study)).Select(i => i.Id).SingleAsync();
            var measure = await db.Set<Measure>().Where(m => EF.Property<Guid>(m, "ItemId") == study).Select(m => m.Id).FirstAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Measures\" SET \"ItemId\" = {0}, \"OwnerId\" = {1} WHERE \"Id\" = {2}", [late, leader2, measure]);
        }

        var everything = new ItemFilter { PageSize = 200 };
        Keys((await app.ListAsync("leader2", everything)).Rows).ShouldBe([Study, Carrier, Life, LongTerm, Done, Style, Late], ignoreOrder: true);
        Keys((await app.ListAsync("secretary3", everything)).Rows).ShouldBe([LongTerm]);
        Keys((await app.ListAsync("secretary", everything)).Rows).ShouldBe([Study, Carrier, Life], ignoreOrder: true);

        // Every filter the list offers, in the list's own order, two rows a page: what a direct reading of the items gives.
        var today = app.Services.GetRequiredService<LedgerClock>().Today;
        List<RectificationItem> all;
        await using (var db = app.CreateDbContext())
        {
            all = await db.Items.AsNoTracking().ToListAsync();
        }

        string[] visible = [Study, Carrier, Life, LongTerm, Done, Style, Late];
        var mine = all.Where(i => visible.Any(k => i.Description.StartsWith(k, StringComparison.Ordinal))).ToList();
        static bool Unfinished(RectificationItem i) => i.Status is not (ItemStatus.SignedOff or ItemStatus.Closed);
        var filters = new (ItemFilter Filter, Func<RectificationItem, bool> Expected)[]
        {
            (new ItemFilter(), _ => true),
            (new ItemFilter { Due = DueFilter.Overdue }, i => Unfinished(i) && i.DueDate < today),
            (new ItemFilter { Due = DueFilter.Unfinished }, Unfinished),
            (new ItemFilter { Status = ItemStatus.InProgress }, i => i.Status == ItemStatus.InProgress),
            (new ItemFilter { Category = all.Single(i => i.Description.StartsWith(Style)).Category }, i => i.Category == all.Single(x => x.Description.StartsWith(Style)).Category),
            (new ItemFilter { OrganizationId = welfare }, i => i.ResponsibleOrganizationId == welfare),
        };
        foreach (var (filter, expected) in filters)
        {
            var rows = new List<ItemRow>();
            ItemPage page;
            var number = 1;
            do
            {
                page = await app.ListAsync("leader2", filter with { PageSize = 2, Page = number++ });
                rows.AddRange(page.Rows);
            }
            while (page.Page < page.PageCount);

            var wanted = mine.Where(expected).OrderBy(i => i.DueDate is null).ThenBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();
            rows.Select(r => r.Id).ShouldBe(wanted.Select(i => i.Id), $"{filter}");
            page.Total.ShouldBe(wanted.Count, $"{filter}");
        }
    }
}
