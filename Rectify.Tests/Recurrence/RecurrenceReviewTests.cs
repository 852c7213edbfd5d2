using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;
using Rectify.Web.Recurrence;

namespace Rectify.Tests.Recurrence;

/// <summary>
/// 屡查屡犯 among items already in the ledger, on SQLite and PostgreSQL: the scan (<see cref="RecurrenceScan"/>, the command
/// find-recurrences) proposes a later item with the earlier item of its organisation it repeats; an administrator confirms
/// (the item is marked, audited) or dismisses (never proposed again, audited); anyone else, or a pair that is not waiting,
/// is refused and nothing changes. Also the import previews' batched look-up.
/// </summary>
public abstract class RecurrenceReviewTests(RecurrenceFixture fixture)
{
    public sealed class OnSqlite(SqliteRecurrenceFixture fixture) : RecurrenceReviewTests(fixture), IClassFixture<SqliteRecurrenceFixture>;

    public sealed class OnPostgres(PostgresRecurrenceFixture fixture) : RecurrenceReviewTests(fixture), IClassFixture<PostgresRecurrenceFixture>;

    private const string Form = "学习形式单一，仍以读文件为主";
    private const string Talks = "谈心谈话开展得少，与党员交流不够";
    private const string Unrelated = "安全生产隐患排查不彻底";

    [Fact]
    public async Task The_scan_proposes_each_later_item_with_the_earlier_problem_it_repeats_and_only_once()
    {
        var ids = await AddItemsAsync(Form, Talks, Unrelated);

        var first = await ScanAsync(ids);
        var second = await ScanAsync(ids);

        first.ShouldBe(new RecurrenceScanResult(3, 2));
        second.ShouldBe(new RecurrenceScanResult(3, 0));
        (await ProposalsAsync(ids)).ShouldBe([(ids[0], fixture.Earlier["E13"]), (ids[1], fixture.Earlier["E17"])], ignoreOrder: true);
    }

    [Fact]
    public async Task The_whole_ledger_scan_from_a_day_on_finds_the_same_and_skips_items_already_marked()
    {
        var ids = await AddItemsAsync("党费收缴不规范，存在拖欠党费现象", "发展党员程序不规范，积极分子考察流于形式");
        await using (var db = fixture.App.CreateDbContext())
        {
            var marked = await db.Items.SingleAsync(i => i.Id == ids[1]);
            var earlier = await db.Items.SingleAsync(i => i.Id == fixture.Earlier["E19"]);
            marked.MarkRecurrence(await fixture.AdminAsync(), earlier.Id, earlier, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<RecurrenceScan>().ScanAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)));

        result.Checked.ShouldBeGreaterThanOrEqualTo(1);
        (await ProposalsAsync(ids)).ShouldBe([(ids[0], fixture.Earlier["E21"])]);
    }

    [Fact]
    public async Task An_administrator_confirms_a_pair_the_item_is_marked_and_audited_and_the_pair_leaves_the_list()
    {
        var ids = await AddItemsAsync("调查研究少，深入基层不够");
        await ScanAsync(ids);
        var pair = (await ListAsync("admin")).Value.ShouldNotBeNull().Rows.Single(r => r.ItemId == ids[0]);
        pair.EarlierItemId.ShouldBe(fixture.Earlier["E24"]);
        pair.EarlierYear.ShouldBe(2025);
        pair.Description.ShouldBe("调查研究少，深入基层不够");

        var result = await AsAsync("admin", r => r.ConfirmAsync(pair.ItemId, pair.EarlierItemId, pair.ItemVersion));

        result.Status.ShouldBe(CommandStatus.Ok);
        await using var db = fixture.App.CreateDbContext();
        (await db.Items.SingleAsync(i => i.Id == ids[0])).RecurrenceOfItemId.ShouldBe(fixture.Earlier["E24"]);
        (await db.AuditEntries.CountAsync(a => a.EntityId == ids[0].ToString() && a.Action == "item.recurrence_marked")).ShouldBe(1);
        (await ProposalsAsync(ids)).ShouldBeEmpty();
        (await ListAsync("admin")).Value!.Rows.ShouldNotContain(r => r.ItemId == ids[0]);
    }

    [Fact]
    public async Task A_dismissed_pair_is_audited_and_never_proposed_again()
    {
        var ids = await AddItemsAsync("党员活动阵地建设滞后，活动场所不足");
        await ScanAsync(ids);
        var pair = (await ListAsync("admin")).Value!.Rows.Single(r => r.ItemId == ids[0]);

        var result = await AsAsync("admin", r => r.DismissAsync(pair.ItemId, pair.EarlierItemId, pair.ItemVersion));
        var again = await ScanAsync(ids);

        result.Status.ShouldBe(CommandStatus.Ok);
        await using var db = fixture.App.CreateDbContext();
        (await db.RecurrenceDismissals.SingleAsync(d => d.ItemId == ids[0])).EarlierItemId.ShouldBe(pair.EarlierItemId);
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == ids[0].ToString() && a.Action == "item.recurrence_dismissed");
        audit.After.ShouldNotBeNull().ShouldContain(await NumberAsync(pair.EarlierItemId));
        (await db.Items.SingleAsync(i => i.Id == ids[0])).RecurrenceOfItemId.ShouldBeNull();
        (await ProposalsAsync(ids)).ShouldNotContain((ids[0], pair.EarlierItemId));
        again.Checked.ShouldBe(1);
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_can_neither_list_nor_decide_and_nothing_changes()
    {
        var ids = await AddItemsAsync("支部书记抓党建能力不强");
        await ScanAsync(ids);
        var pair = (await ListAsync("admin")).Value!.Rows.Single(r => r.ItemId == ids[0]);

        foreach (var user in new[] { "secretary", "leader", "leader2" })
        {
            (await ListAsync(user)).Status.ShouldBe(CommandStatus.Forbidden);
            (await AsAsync(user, r => r.ConfirmAsync(pair.ItemId, pair.EarlierItemId, pair.ItemVersion))).Status.ShouldBe(CommandStatus.Forbidden);
            (await AsAsync(user, r => r.DismissAsync(pair.ItemId, pair.EarlierItemId, pair.ItemVersion))).Status.ShouldBe(CommandStatus.Forbidden);
        }

        await using var db = fixture.App.CreateDbContext();
        (await db.Items.SingleAsync(i => i.Id == ids[0])).RecurrenceOfItemId.ShouldBeNull();
        (await db.RecurrenceDismissals.CountAsync(d => d.ItemId == ids[0])).ShouldBe(0);
        (await ProposalsAsync(ids)).ShouldBe([(ids[0], pair.EarlierItemId)]);
    }

    [Fact]
    public async Task A_pair_that_is_not_waiting_or_a_stale_version_is_refused_with_a_message_and_nothing_changes()
    {
        var ids = await AddItemsAsync("党建台账资料归档不及时");
        await ScanAsync(ids);
        var pair = (await ListAsync("admin")).Value!.Rows.Single(r => r.ItemId == ids[0]);
        Guid otherItem;
        await using (var db = fixture.App.CreateDbContext())
        {
            // A demo item of 机关第一党支部: someone else's item, never proposed.
            otherItem = await db.Items.Where(i => i.Description.StartsWith("组织生活制度落实不严")).Select(i => i.Id).FirstAsync();
        }

        var notProposed = await AsAsync("admin", r => r.ConfirmAsync(otherItem, pair.EarlierItemId, 1));
        var otherEarlier = await AsAsync("admin", r => r.DismissAsync(pair.ItemId, fixture.Earlier["E01"], pair.ItemVersion));
        var stale = await AsAsync("admin", r => r.ConfirmAsync(pair.ItemId, pair.EarlierItemId, pair.ItemVersion + 5));

        notProposed.Status.ShouldBe(CommandStatus.Invalid);
        notProposed.Message.ShouldBe("这一对问题已不在待核对列表中（可能已由其他管理员处理），请刷新页面。");
        otherEarlier.Status.ShouldBe(CommandStatus.Invalid);
        stale.Status.ShouldBe(CommandStatus.Conflict);
        await using var check = fixture.App.CreateDbContext();
        (await check.Items.SingleAsync(i => i.Id == ids[0])).RecurrenceOfItemId.ShouldBeNull();
        (await check.Items.SingleAsync(i => i.Id == otherItem)).RecurrenceOfItemId.ShouldBeNull();
        (await check.RecurrenceDismissals.CountAsync(d => d.ItemId == ids[0] || d.ItemId == otherItem)).ShouldBe(0);
        (await check.AuditEntries.CountAsync(a => (a.EntityId == ids[0].ToString() || a.EntityId == otherItem.ToString()) && a.Action.StartsWith("item.recurrence"))).ShouldBe(0);
    }

    [Fact]
    public async Task The_command_scans_from_a_day_and_refuses_a_malformed_day_or_an_unknown_argument()
    {
        var ids = await AddItemsAsync("意识形态阵地管理薄弱，宣传栏更新慢");
        var output = new StringWriter(CultureInfo.InvariantCulture);

        var bad = await FindRecurrencesCommand.RunAsync(fixture.App.Services, ["find-recurrences", "--since", "yesterday"], output);
        var unknown = await FindRecurrencesCommand.RunAsync(fixture.App.Services, ["find-recurrences", "--all"], output);
        var done = await FindRecurrencesCommand.RunAsync(fixture.App.Services, ["find-recurrences", "--since", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], output);

        bad.ShouldBe(2);
        unknown.ShouldBe(2);
        done.ShouldBe(0);
        output.ToString().ShouldContain("日期格式不正确：yesterday");
        output.ToString().ShouldContain("无法识别的参数：--all");
        output.ToString().ShouldContain("完成：检查了");
        output.ToString().TrimEnd().Split('\n')[^1].ShouldStartWith("完成：检查了", Case.Sensitive, "the last line says it is done: no progress line after it");
        (await ProposalsAsync(ids)).ShouldBe([(ids[0], fixture.Earlier["E18"])]);
    }

    [Fact]
    public async Task The_import_preview_look_up_gives_each_row_the_same_organisations_suggestions_as_one_search_would()
    {
        var branch = await fixture.App.OrganizationIdAsync(RecurrenceFixture.Branch);
        var office = await fixture.App.OrganizationIdAsync("机关第一党支部");
        RecurrenceQuery[] rows = [new(Form, branch), new(Talks, branch), new("党费", branch), new("公务用车管理不规范", branch), new(Form, office), new(Form, branch)];
        var access = await fixture.AdminAsync();

        IReadOnlyList<RecurrenceSuggestions> found;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            found = await scope.ServiceProvider.GetRequiredService<RecurrenceSearch>().SuggestManyAsync(access, rows);
        }

        found.Count.ShouldBe(rows.Length);
        found[2].TooShort.ShouldBeTrue();
        found[3].Any.ShouldBeFalse();
        found.ShouldAllBe(f => f.Elsewhere.Count == 0);
        found[0].SameOrganization.Select(s => s.ItemId).ShouldContain(fixture.Earlier["E13"]);
        found[4].SameOrganization.ShouldNotContain(s => s.OrganizationId == branch);
        for (var k = 0; k < rows.Length; k++)
        {
            var one = await fixture.SuggestAsync("admin", rows[k].Text, rows[k].OrganizationId);
            found[k].SameOrganization.Select(s => s.ItemId).ShouldBe(one.SameOrganization.Select(s => s.ItemId), $"row {k}");
        }
    }

    /// <summary>New items of the fixture's branch, entered now (after the labelled set's earlier problems), in a list of 2026.</summary>
    private async Task<List<Guid>> AddItemsAsync(params string[] texts)
    {
        var admin = await fixture.AdminAsync();
        var branch = await fixture.App.OrganizationIdAsync(RecurrenceFixture.Branch);
        var owner = await fixture.App.UserIdAsync("secretary");
        var leader = await fixture.App.UserIdAsync("leader2");
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var db = fixture.App.CreateDbContext();
        var list = ProblemList.Create(admin, $"2026年度组织生活会查摆问题清单 {Guid.NewGuid():N}", ProblemSource.OrganizationalLifeMeeting, today, branch, now);
        db.ProblemLists.Add(list);
        var ids = new List<Guid>();
        for (var k = 0; k < texts.Length; k++)
        {
            var item = RectificationItem.Create(admin, list, k + 1,
                new ItemDetails(texts[k], Categories.Suggested[0], branch, owner, leader, DeadlineType.ByDate, today.AddDays(30)), today, now.AddMilliseconds(k));
            db.Items.Add(item);
            ids.Add(item.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private async Task<RecurrenceScanResult> ScanAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecurrenceScan>().ScanItemsAsync(ids);
    }

    private async Task<List<(Guid, Guid)>> ProposalsAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var db = fixture.App.CreateDbContext();
        return (await db.RecurrenceProposals.Where(p => ids.Contains(p.ItemId)).Select(p => new { p.ItemId, p.EarlierItemId }).ToListAsync())
            .Select(p => (p.ItemId, p.EarlierItemId)).ToList();
    }

    private async Task<string> NumberAsync(Guid itemId)
    {
        await using var db = fixture.App.CreateDbContext();
        return await db.Items.Where(i => i.Id == itemId).Select(i => i.Number).SingleAsync();
    }

    private async Task<CommandResult<RecurrenceCandidates>> ListAsync(string user)
    {
        await using var scope = await fixture.App.ScopeAsAsync(user);
        return await scope.ServiceProvider.GetRequiredService<RecurrenceReview>().ListAsync();
    }

    private async Task<CommandResult> AsAsync(string user, Func<RecurrenceReview, Task<CommandResult>> action)
    {
        await using var scope = await fixture.App.ScopeAsAsync(user);
        return await action(scope.ServiceProvider.GetRequiredService<RecurrenceReview>());
    }
}
