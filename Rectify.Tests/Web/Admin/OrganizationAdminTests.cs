using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Organizations;
using Rectify.Tests.Support;
using Rectify.Web.Admin;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Web.Admin;

public abstract class OrganizationAdminTests(RectifyFactory app)
{
    /// <summary>On the app's default SQLite database.</summary>
    public sealed class OnSqlite(RectifyFactory app) : OrganizationAdminTests(app), IClassFixture<RectifyFactory>;

    /// <summary>On PostgreSQL: the same tests, so the two providers cannot drift apart.</summary>
    public sealed class OnPostgres(PostgresRectifyFactory app) : OrganizationAdminTests(app), IClassFixture<PostgresRectifyFactory>;

    [Fact]
    public async Task Administrator_builds_a_committee_general_branch_and_branch_tree()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<OrganizationAdminService>();

        var committee = await service.CreateAsync("区科技局党委", OrganizationLevel.PartyCommittee, null);
        var general = await service.CreateAsync("机关党总支", OrganizationLevel.GeneralBranch, committee.Value);
        var branch = await service.CreateAsync("科研第一党支部", OrganizationLevel.Branch, general.Value);

        branch.Succeeded.ShouldBeTrue(branch.Message);
        var nodes = (await service.ListAsync()).Value!;
        var mine = nodes.SkipWhile(n => n.Id != committee.Value).Take(3).ToList();
        mine.Select(n => (n.Name, n.Depth, n.Level)).ShouldBe([
            ("区科技局党委", 0, OrganizationLevel.PartyCommittee),
            ("机关党总支", 1, OrganizationLevel.GeneralBranch),
            ("科研第一党支部", 2, OrganizationLevel.Branch)]);

        // The cached tree everyone's access checks use knows the new branch at once.
        var tree = (await app.Services.GetRequiredService<OrganizationDirectory>().GetAsync()).Tree;
        tree.IsSameOrDescendant(branch.Value, committee.Value).ShouldBeTrue();

        await using var db = app.CreateDbContext();
        // Only this test's organisations: the class's other tests share the database and may have run first.
        var created = new[] { committee.Value, general.Value, branch.Value }.Select(i => i.ToString()).ToList();
        var audit = await db.AuditEntries.Where(a => a.EntityType == "Organization" && a.Action == "organization.created" && created.Contains(a.EntityId)).ToListAsync();
        audit.Select(a => a.EntityId).ShouldBe(created, ignoreOrder: true);
        audit.ShouldAllBe(a => a.ActorName == "王芳");
        audit.Single(a => a.EntityId == branch.Value.ToString()).After!.ShouldContain("\"name\":\"科研第一党支部\"");
    }

    [Fact]
    public async Task Bad_input_is_refused_in_Chinese_and_changes_nothing()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<OrganizationAdminService>();
        var root = (await service.CreateAsync("校验测试党组", OrganizationLevel.PartyCommittee, null)).Value;
        var branch = (await service.CreateAsync("校验测试党支部", OrganizationLevel.Branch, root)).Value;
        var (orgsBefore, auditBefore) = await CountsAsync();

        (await service.CreateAsync("   ", OrganizationLevel.Branch, root)).Message.ShouldBe("党组织名称不能为空。");
        (await service.CreateAsync("下级总支", OrganizationLevel.GeneralBranch, branch)).Message
            .ShouldBe("上级党组织的层级必须高于本组织（党委/党组 → 党总支 → 党支部）。");
        (await service.CreateAsync("校验测试党支部", OrganizationLevel.Branch, root)).Message.ShouldBe("同一上级组织下已有同名的党组织。");
        (await service.CreateAsync(new string('党', 101), OrganizationLevel.Branch, root)).Message.ShouldBe("党组织名称不能超过100个字。");
        (await service.RenameAsync(branch, "")).Message.ShouldBe("党组织名称不能为空。");
        (await service.MoveAsync(root, branch)).Message.ShouldBe("不能把党组织移动到它自己或它的下级组织之下。");
        (await service.SetActiveAsync(root, false)).Message.ShouldBe("该组织还有未停用的下级组织，请先停用下级组织。");

        (await CountsAsync()).ShouldBe((orgsBefore, auditBefore));
        await using var db = app.CreateDbContext();
        (await db.Organizations.SingleAsync(o => o.Id == branch)).Name.ShouldBe("校验测试党支部");
        (await db.Organizations.SingleAsync(o => o.Id == root)).IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task Rename_move_deactivate_and_activate_each_write_an_audit_entry()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<OrganizationAdminService>();
        var first = (await service.CreateAsync("变更测试党组", OrganizationLevel.PartyCommittee, null)).Value;
        var second = (await service.CreateAsync("变更测试党委", OrganizationLevel.PartyCommittee, null)).Value;
        var branch = (await service.CreateAsync("变更测试支部", OrganizationLevel.Branch, first)).Value;

        (await service.RenameAsync(branch, "变更测试第一支部")).Succeeded.ShouldBeTrue();
        (await service.MoveAsync(branch, second)).Succeeded.ShouldBeTrue();
        (await service.SetActiveAsync(branch, false)).Succeeded.ShouldBeTrue();

        var tree = (await app.Services.GetRequiredService<OrganizationDirectory>().GetAsync()).Tree;
        tree.Find(branch)!.IsActive.ShouldBeFalse();
        tree.Find(branch)!.ParentId.ShouldBe(second);
        (await service.SetActiveAsync(branch, true)).Succeeded.ShouldBeTrue();

        await using var db = app.CreateDbContext();
        var audit = await db.AuditEntries.Where(a => a.EntityType == "Organization" && a.EntityId == branch.ToString()).OrderBy(a => a.Id).ToListAsync();
        audit.Select(a => a.Action).ShouldBe(["organization.created", "organization.renamed", "organization.moved", "organization.deactivated", "organization.activated"]);
        audit[1].Before.ShouldBe("{\"name\":\"变更测试支部\"}");
        audit[1].After.ShouldBe("{\"name\":\"变更测试第一支部\"}");
        audit[2].After.ShouldBe($"{{\"parentId\":{second}}}");
    }

    [Theory]
    [InlineData("secretary")]
    [InlineData("leader")]
    public async Task Non_administrators_are_refused_and_nothing_changes(string userName)
    {
        await using var scope = await app.ScopeAsAsync(userName);
        var service = scope.Get<OrganizationAdminService>();
        var (orgsBefore, auditBefore) = await CountsAsync();
        int existing;
        await using (var db = app.CreateDbContext())
        {
            existing = (await db.Organizations.FirstAsync(o => o.Name == "离退休干部党支部")).Id;
        }

        var created = await service.CreateAsync("越权党支部", OrganizationLevel.Branch, null);
        created.Status.ShouldBe(CommandStatus.Forbidden);
        created.Message.ShouldBe("您无权执行管理操作，只有管理员可以管理组织、用户和问题清单。");
        (await service.RenameAsync(existing, "改名")).Status.ShouldBe(CommandStatus.Forbidden);
        (await service.SetActiveAsync(existing, false)).Status.ShouldBe(CommandStatus.Forbidden);
        (await service.ListAsync()).Status.ShouldBe(CommandStatus.Forbidden);

        (await CountsAsync()).ShouldBe((orgsBefore, auditBefore));
        await using var check = app.CreateDbContext();
        (await check.Organizations.SingleAsync(o => o.Id == existing)).Name.ShouldBe("离退休干部党支部");
    }

    private async Task<(int Organizations, int Audit)> CountsAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Organizations.CountAsync(), await db.AuditEntries.CountAsync(a => a.EntityType == "Organization"));
    }
}
