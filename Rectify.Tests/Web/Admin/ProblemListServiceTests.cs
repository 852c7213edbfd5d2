using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Web.Admin;

public abstract class ProblemListServiceTests(RectifyFactory app)
{
    /// <summary>On the app's default SQLite database.</summary>
    public sealed class OnSqlite(RectifyFactory app) : ProblemListServiceTests(app), IClassFixture<RectifyFactory>;

    /// <summary>On PostgreSQL: the same tests, so the two providers cannot drift apart.</summary>
    public sealed class OnPostgres(PostgresRectifyFactory app) : ProblemListServiceTests(app), IClassFixture<PostgresRectifyFactory>;

    [Fact]
    public async Task Administrator_creates_a_list_and_adds_items_one_by_one_and_in_a_batch()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<ProblemListService>();
        var list = await NewListAsync(service, "2026年度党组民主生活会问题清单（测试）");

        var one = await service.AddItemsAsync(list, [await RowAsync("理论学习不够系统深入。")]);
        one.Succeeded.ShouldBeTrue(one.Message);
        one.Numbers.ShouldBe(["2026-民主生活会-001"]);
        var batch = await service.AddItemsAsync(list, [
            await RowAsync("联系服务群众不够经常。", measures: "每季度走访基层不少于1次\n建立联系点制度"),
            await RowAsync("机关党建长效机制不健全。", longTerm: true)]);
        batch.Succeeded.ShouldBeTrue(batch.Message);
        batch.Numbers.ShouldBe(["2026-民主生活会-002", "2026-民主生活会-003"]);

        var items = (await service.ItemsAsync(list)).Value!;
        items.Select(i => (i.Number, i.Description, i.OwnerName, i.LeaderName)).ShouldBe([
            ("2026-民主生活会-001", "理论学习不够系统深入。", "赵敏", "张伟"),
            ("2026-民主生活会-002", "联系服务群众不够经常。", "赵敏", "张伟"),
            ("2026-民主生活会-003", "机关党建长效机制不健全。", "赵敏", "张伟")]);
        var row = (await service.ListAsync()).Value!.Single(l => l.Id == list);
        row.Total.ShouldBe(3);
        row.Counts[ItemStatus.Open].ShouldBe(3);

        await using var db = app.CreateDbContext();
        var withMeasures = await db.Items.Include(i => i.Measures.OrderBy(m => m.Position)).SingleAsync(i => i.Number == "2026-民主生活会-002" && i.ProblemListId == list);
        withMeasures.Measures.Select(m => m.Text).ShouldBe(["每季度走访基层不少于1次", "建立联系点制度"]);
        var longTerm = await db.Items.SingleAsync(i => i.Number == "2026-民主生活会-003" && i.ProblemListId == list);
        longTerm.Period.ShouldBe(ReportingPeriod.Monthly);
        longTerm.Deadline.ShouldBeNull();

        (await db.AuditEntries.CountAsync(a => a.EntityId == list.ToString() && a.Action == "problem_list.created")).ShouldBe(1);
        var ids = (await db.Items.Where(i => i.ProblemListId == list).Select(i => i.Id).ToListAsync()).Select(i => i.ToString()).ToList();
        (await db.AuditEntries.Where(a => a.Action == "item.created").Select(a => a.EntityId).ToListAsync()).Where(ids.Contains).Count().ShouldBe(3);
        (await db.AuditEntries.Where(a => a.Action == "item.measure_added").Select(a => a.EntityId).ToListAsync()).Count(e => e == withMeasures.Id.ToString()).ShouldBe(2);
    }

    [Fact]
    public async Task A_batch_with_bad_rows_saves_nothing_and_names_each_bad_row_in_Chinese()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<ProblemListService>();
        var list = await NewListAsync(service, "校验测试清单");
        var today = scope.Get<LedgerClock>().Today;
        var auditBefore = await AuditCountAsync();

        var empty = await RowAsync("");
        var late = await RowAsync("整改时限早于今天。");
        late.Deadline = today.AddDays(-1);
        var noOrg = await RowAsync("没有责任单位。");
        noOrg.OrganizationId = null;
        var leaderAsOwner = await RowAsync("责任人不是支部书记。");
        leaderAsOwner.OwnerId = await UserIdAsync("leader");
        var result = await service.AddItemsAsync(list, [await RowAsync("这一行没有问题。"), empty, late, noOrg, leaderAsOwner]);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldBe("有 4 行未通过校验，所有事项均未保存。请修改标红的行后重新保存。");
        result.RowErrors.ShouldBe([
            new RowError(2, "问题描述不能为空。"),
            new RowError(3, "整改时限不能早于今天。"),
            new RowError(4, "请选择责任单位。"),
            new RowError(5, "责任人须是在用的支部书记账号。")]);
        await using var db = app.CreateDbContext();
        (await db.Items.CountAsync(i => i.ProblemListId == list)).ShouldBe(0);
        (await AuditCountAsync()).ShouldBe(auditBefore);

        // Corrected, the same rows are saved and numbered from 001.
        empty.Description = "问题描述补上了。";
        late.Deadline = today;
        noOrg.OrganizationId = await OrganizationIdAsync("机关第一党支部");
        leaderAsOwner.OwnerId = await UserIdAsync("secretary");
        var fixedResult = await service.AddItemsAsync(list, [await RowAsync("这一行没有问题。"), empty, late, noOrg, leaderAsOwner]);
        fixedResult.Succeeded.ShouldBeTrue(fixedResult.Message);
        fixedResult.Numbers.First().ShouldBe("2026-民主生活会-001");
        fixedResult.Numbers.Last().ShouldBe("2026-民主生活会-005");
    }

    [Fact]
    public async Task A_grid_row_naming_one_person_as_owner_and_leader_is_refused_with_its_row_number()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<ProblemListService>();
        var list = await NewListAsync(service, "责任人与责任领导校验清单");
        var same = await RowAsync("责任人与责任领导是同一人。");
        same.OwnerId = same.LeaderId = await UserIdAsync("leader2");

        var result = await service.AddItemsAsync(list, [await RowAsync("这一行没有问题。"), same]);

        result.Succeeded.ShouldBeFalse();
        result.RowErrors.ShouldBe([new RowError(2, "责任人与责任领导不能是同一人。")]);
        await using var db = app.CreateDbContext();
        (await db.Items.CountAsync(i => i.ProblemListId == list)).ShouldBe(0);
    }

    [Fact]
    public async Task Two_administrators_adding_at_once_get_distinct_numbers()
    {
        Guid list;
        await using (var scope = await app.ScopeAsAsync("admin"))
        {
            list = await NewListAsync(scope.Get<ProblemListService>(), "并发测试清单");
        }

        async Task<AddItemsResult> AddAsync(string who)
        {
            await using var scope = await app.ScopeAsAsync("admin");
            var rows = new List<NewItemRow>();
            for (var i = 1; i <= 4; i++)
            {
                rows.Add(await RowAsync($"{who}添加的第{i}个问题。"));
            }

            return await scope.Get<ProblemListService>().AddItemsAsync(list, rows);
        }

        var results = await Task.WhenAll(AddAsync("甲"), AddAsync("乙"));

        results.ShouldAllBe(r => r.Succeeded);
        results.SelectMany(r => r.Numbers).Order().ShouldBe(Enumerable.Range(1, 8).Select(i => $"2026-民主生活会-{i:D3}"));
    }

    [Theory]
    [InlineData("secretary")]
    [InlineData("leader")]
    public async Task Non_administrators_may_not_create_lists_or_add_items(string userName)
    {
        Guid list;
        await using (var admin = await app.ScopeAsAsync("admin"))
        {
            list = await NewListAsync(admin.Get<ProblemListService>(), $"权限测试清单-{userName}");
        }

        await using var scope = await app.ScopeAsAsync(userName);
        var service = scope.Get<ProblemListService>();
        var listsBefore = await ListCountAsync();

        var created = await service.CreateAsync("越权清单", ProblemSource.Other, new DateOnly(2026, 5, 1), await OrganizationIdAsync("区民政局党组"));
        created.Status.ShouldBe(CommandStatus.Forbidden);
        created.Message.ShouldBe("您无权执行管理操作，只有管理员可以管理组织、用户和问题清单。");
        var added = await service.AddItemsAsync(list, [await RowAsync("越权添加的问题。")]);
        added.Status.ShouldBe(CommandStatus.Forbidden);
        (await service.ListAsync()).Status.ShouldBe(CommandStatus.Forbidden);

        (await ListCountAsync()).ShouldBe(listsBefore);
        await using var db = app.CreateDbContext();
        (await db.Items.CountAsync(i => i.ProblemListId == list)).ShouldBe(0);
    }

    [Fact]
    public async Task A_list_needs_a_title_a_date_and_an_issuing_organisation()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<ProblemListService>();
        var org = await OrganizationIdAsync("区民政局党组");
        var before = await ListCountAsync();

        (await service.CreateAsync(" ", ProblemSource.Audit, new DateOnly(2026, 5, 1), org)).Message.ShouldBe("问题清单标题不能为空。");
        (await service.CreateAsync("审计整改清单", ProblemSource.Audit, null, org)).Message.ShouldBe("请填写清单日期。");
        (await service.CreateAsync("审计整改清单", ProblemSource.Audit, new DateOnly(2026, 5, 1), null)).Message.ShouldBe("请选择发文党组织。");
        (await service.CreateAsync("审计整改清单", ProblemSource.Audit, new DateOnly(2026, 5, 1), 9999)).Message.ShouldBe("发文党组织不存在。");

        (await ListCountAsync()).ShouldBe(before);
    }

    private async Task<Guid> NewListAsync(ProblemListService service, string title)
    {
        var result = await service.CreateAsync(title, ProblemSource.DemocraticLifeMeeting, new DateOnly(2026, 1, 15), await OrganizationIdAsync("区民政局党组"));
        result.Succeeded.ShouldBeTrue(result.Message);
        return result.Value;
    }

    private async Task<NewItemRow> RowAsync(string description, string? measures = null, bool longTerm = false)
    {
        await using var scope = await app.ScopeAsAsync("admin");
        return new NewItemRow
        {
            Description = description,
            Category = "理论学习",
            OrganizationId = await OrganizationIdAsync("机关第一党支部"),
            OwnerId = await UserIdAsync("secretary"),
            LeaderId = await UserIdAsync("leader2"),
            DeadlineType = longTerm ? DeadlineType.LongTerm : DeadlineType.ByDate,
            Deadline = longTerm ? null : scope.Get<LedgerClock>().Today.AddDays(30),
            Period = longTerm ? ReportingPeriod.Monthly : null,
            Measures = measures,
        };
    }

    private async Task<int> OrganizationIdAsync(string name)
    {
        await using var db = app.CreateDbContext();
        return (await db.Organizations.SingleAsync(o => o.Name == name)).Id;
    }

    private async Task<string> UserIdAsync(string userName)
    {
        await using var db = app.CreateDbContext();
        return (await db.Users.SingleAsync(u => u.UserName == userName)).Id;
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.AuditEntries.CountAsync();
    }

    private async Task<int> ListCountAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.ProblemLists.CountAsync();
    }
}
