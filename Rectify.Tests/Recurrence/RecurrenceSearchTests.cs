using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Rectify.Tests.Data;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Recurrence;
using Xunit.Abstractions;

namespace Rectify.Tests.Recurrence;

/// <summary>
/// The recurrence search through the real path (the database's trigram search, the read scope, the bigram ranking) on SQLite
/// and PostgreSQL: the labelled set's quality, same organisation apart from elsewhere, what a suggestion tells, short texts,
/// and the index following edits.
/// </summary>
public abstract class RecurrenceSearchTests(RecurrenceFixture fixture, ITestOutputHelper output)
{
    public sealed class OnSqlite(SqliteRecurrenceFixture fixture, ITestOutputHelper output)
        : RecurrenceSearchTests(fixture, output), IClassFixture<SqliteRecurrenceFixture>
    {
        [Fact]
        public async Task Migrations_create_the_trigram_table_and_the_triggers_that_keep_it()
        {
            await using var db = fixture.App.CreateDbContext();
            var objects = await SchemaSnapshot.QueryAsync(db.Database.GetDbConnection(),
                "SELECT type, name, ifnull(sql, '') FROM sqlite_master WHERE name LIKE 'ItemSearch%' ORDER BY name");

            objects.ShouldContain(o => o[0] == "table" && o[1] == "ItemSearch" && o[2].Contains("trigram", StringComparison.Ordinal));
            objects.Where(o => o[0] == "trigger").Select(o => o[1]).ShouldBe(["ItemSearch_Delete", "ItemSearch_Insert", "ItemSearch_Update"]);
        }
    }

    public sealed class OnPostgres(PostgresRecurrenceFixture fixture, ITestOutputHelper output)
        : RecurrenceSearchTests(fixture, output), IClassFixture<PostgresRecurrenceFixture>
    {
        [Fact]
        public async Task Migrations_create_the_trigram_index()
        {
            await using var db = fixture.App.CreateDbContext();
            var index = await SchemaSnapshot.QueryAsync(db.Database.GetDbConnection(),
                $"SELECT indexdef FROM pg_indexes WHERE indexname = '{RecurrenceSql.PostgresTrigramIndex}'");

            index.Single()[0].ShouldContain("gin_trgm_ops");
        }
    }

    [Fact]
    public async Task Top_five_suggestions_on_the_labelled_set_have_precision_of_at_least_0_8()
    {
        var branch = await fixture.App.OrganizationIdAsync(RecurrenceFixture.Branch);
        var label = fixture.Earlier.ToDictionary(e => e.Value, e => e.Key);
        int suggested = 0, relevant = 0, hits = 0;
        foreach (var (text, same) in RecurrenceFixture.Queries())
        {
            var top = (await fixture.SuggestAsync("admin", text, branch)).SameOrganization;
            suggested += top.Count;
            relevant += same.Count;
            hits += top.Count(t => same.Contains(label[t.ItemId]));
            foreach (var wrong in top.Where(t => !same.Contains(label[t.ItemId])))
            {
                output.WriteLine($"wrong: {text} → {label[wrong.ItemId]} {wrong.Description} ({wrong.Score:0.00})");
            }

            foreach (var missed in same.Where(s => top.All(t => label[t.ItemId] != s)))
            {
                output.WriteLine($"missed: {text} → {missed}");
            }
        }

        var precision = hits / (double)suggested;
        var recall = hits / (double)relevant;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{fixture.App.Provider}: suggested {suggested}, correct {hits}, labelled {relevant}: precision {precision:0.00}, recall {recall:0.00}"));
        precision.ShouldBeGreaterThanOrEqualTo(0.8);
        recall.ShouldBeGreaterThanOrEqualTo(0.8);
    }

    [Fact]
    public async Task Same_organisation_comes_apart_from_elsewhere_with_list_year_and_status()
    {
        var branch = await fixture.App.OrganizationIdAsync(RecurrenceFixture.Branch);
        var office = await fixture.App.OrganizationIdAsync("机关第一党支部");

        var inBranch = await fixture.SuggestAsync("admin", "学习形式单一，仍以读文件为主", branch);
        var fromOffice = await fixture.SuggestAsync("admin", "学习形式单一，仍以读文件为主", office);

        var found = inBranch.SameOrganization.ShouldHaveSingleItem();
        found.ItemId.ShouldBe(fixture.Earlier["E13"]);
        found.ProblemListTitle.ShouldBe("2025年度组织生活会查摆问题清单");
        found.Year.ShouldBe(2025);
        found.OrganizationName.ShouldBe(RecurrenceFixture.Branch);
        found.Status.ShouldBe(ItemStatus.Open);
        inBranch.Elsewhere.ShouldNotContain(s => s.ItemId == found.ItemId);
        fromOffice.Elsewhere.ShouldContain(s => s.ItemId == found.ItemId);
        fromOffice.SameOrganization.ShouldNotContain(s => s.ItemId == found.ItemId);
    }

    [Fact]
    public async Task A_demo_item_entered_again_in_other_words_is_found()
    {
        var office = await fixture.App.OrganizationIdAsync("机关第一党支部");

        var found = await fixture.SuggestAsync("admin", "组织生活制度落实还不严格", office);

        found.SameOrganization.ShouldContain(s => s.Description.StartsWith(DemoItems.Life, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("党费")]
    [InlineData("学习，党费")]
    public async Task A_text_without_three_characters_in_a_row_is_not_searched(string text)
    {
        var found = await fixture.SuggestAsync("admin", text, null);

        found.TooShort.ShouldBeTrue();
        found.Any.ShouldBeFalse();
    }

    [Fact]
    public async Task A_secretary_is_shown_only_what_they_may_read()
    {
        // 组织生活制度落实不严 is the first office branch's item; the welfare home's secretary may not read it.
        var welfare = await fixture.App.OrganizationIdAsync("社会福利院党支部");

        var found = await fixture.SuggestAsync("secretary2", "组织生活制度落实不严", welfare);
        var asAdmin = await fixture.SuggestAsync("admin", "组织生活制度落实不严", welfare);

        asAdmin.Elsewhere.ShouldContain(s => s.Description.StartsWith(DemoItems.Life, StringComparison.Ordinal));
        found.Elsewhere.ShouldNotContain(s => s.Description.StartsWith(DemoItems.Life, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_item_itself_is_left_out()
    {
        var branch = await fixture.App.OrganizationIdAsync(RecurrenceFixture.Branch);
        var e13 = fixture.Earlier["E13"];

        var found = await fixture.SuggestAsync("admin", "学习形式单一，仍以读文件为主", branch, exclude: e13);

        found.SameOrganization.ShouldNotContain(s => s.ItemId == e13);
    }

    [Fact]
    public async Task An_edited_description_is_found_by_its_new_words_and_no_longer_by_the_old()
    {
        var access = await fixture.AdminAsync();
        var branch = await fixture.App.OrganizationIdAsync(RecurrenceFixture.Branch);
        var office = await fixture.App.OrganizationIdAsync("机关第一党支部");
        var owner = await fixture.App.UserIdAsync("secretary");
        var leader = await fixture.App.UserIdAsync("leader2");
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Guid id;
        await using (var db = fixture.App.CreateDbContext())
        {
            var list = await db.ProblemLists.SingleAsync(l => l.Id == fixture.ListId);
            var item = RectificationItem.Create(access, list, 900,
                new ItemDetails("档案室温湿度记录缺失", Categories.Suggested[0], branch, owner, leader, DeadlineType.ByDate, today.AddDays(10)), today, now);
            db.Items.Add(item);
            await db.SaveChangesAsync();
            id = item.Id;
        }

        (await fixture.SuggestAsync("admin", "档案室温湿度记录缺失", branch)).SameOrganization.ShouldContain(s => s.ItemId == id);
        (await fixture.SuggestAsync("admin", "档案室温湿度记录缺失", office)).Elsewhere.ShouldContain(s => s.ItemId == id);

        await using (var db = fixture.App.CreateDbContext())
        {
            var item = await db.Items.SingleAsync(i => i.Id == id);
            item.UpdateDetails(access, new ItemDetails("车辆派车单填写不规范", item.Category, branch, owner, leader, DeadlineType.ByDate, item.Deadline), today, now);
            await db.SaveChangesAsync();
        }

        (await fixture.SuggestAsync("admin", "档案室温湿度记录缺失", branch)).SameOrganization.ShouldNotContain(s => s.ItemId == id);
        (await fixture.SuggestAsync("admin", "车辆派车单填写不规范", branch)).SameOrganization.ShouldContain(s => s.ItemId == id);
        (await fixture.SuggestAsync("admin", "档案室温湿度记录缺失", office)).Elsewhere.ShouldNotContain(s => s.ItemId == id);
        (await fixture.SuggestAsync("admin", "车辆派车单填写不规范", office)).Elsewhere.ShouldContain(s => s.ItemId == id);
    }
}
