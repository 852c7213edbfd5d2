using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Admin;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Web.Admin;

public abstract class UserAdminTests(RectifyFactory app)
{
    /// <summary>On the app's default SQLite database.</summary>
    public sealed class OnSqlite(RectifyFactory app) : UserAdminTests(app), IClassFixture<RectifyFactory>;

    /// <summary>On PostgreSQL: the same tests, so the two providers cannot drift apart.</summary>
    public sealed class OnPostgres(PostgresRectifyFactory app) : UserAdminTests(app), IClassFixture<PostgresRectifyFactory>;

    private const string Password = "Zhengai2026";

    [Fact]
    public async Task Administrator_creates_a_secretary_who_can_then_sign_in()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var office = await OrganizationIdAsync("机关第一党支部");

        var result = await scope.Get<UserAdminService>().CreateAsync(new UserForm
        {
            UserName = "wanglei", DisplayName = "王磊", Email = "wanglei@example.cn", OrganizationId = office, IsSecretary = true, Password = Password,
        });

        result.Succeeded.ShouldBeTrue(result.Message);
        await using var check = app.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync("wanglei"))!;
        user.DisplayName.ShouldBe("王磊");
        user.OrganizationId.ShouldBe(office);
        user.IsActive.ShouldBeTrue();
        (await users.GetRolesAsync(user)).ShouldBe([Roles.Secretary]);
        (await users.CheckPasswordAsync(user, Password)).ShouldBeTrue();
        var signIn = await check.ServiceProvider.GetRequiredService<SignInManager<AppUser>>().CheckPasswordSignInAsync(user, Password, lockoutOnFailure: false);
        signIn.Succeeded.ShouldBeTrue();

        var row = (await scope.Get<UserAdminService>().ListAsync()).Value!.Single(u => u.UserName == "wanglei");
        row.OrganizationName.ShouldBe("机关第一党支部");
        row.Roles.ShouldBe([Roles.Secretary]);

        await using var db = app.CreateDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == "User" && a.EntityId == user.Id);
        audit.Action.ShouldBe("user.created");
        audit.After!.ShouldContain("\"displayName\":\"王磊\"");
        audit.After!.ShouldNotContain(Password);
    }

    [Fact]
    public async Task Weak_password_and_other_bad_input_are_refused_in_Chinese_and_nothing_is_created()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<UserAdminService>();
        var office = await OrganizationIdAsync("机关第一党支部");
        UserForm Form(string userName = "weakuser", string password = Password, int? org = -1, bool secretary = true, bool leader = false, bool top = false) => new()
        {
            UserName = userName, DisplayName = "孙强", OrganizationId = org == -1 ? office : org, IsSecretary = secretary, IsLeader = leader, IsTopLeader = top, Password = password,
        };
        var before = await UserCountsAsync();

        (await service.CreateAsync(Form(password: "abc"))).Message!.ShouldContain("密码至少需要 8 个字符。");
        (await service.CreateAsync(Form(password: "abcdefgh"))).Message.ShouldBe("密码须包含数字。 密码须包含大写字母。");
        (await service.CreateAsync(Form(userName: "secretary"))).Message.ShouldBe("用户名“secretary”已被使用。");
        (await service.CreateAsync(Form(org: null))).Message.ShouldBe("支部书记须指定所属党组织。");
        (await service.CreateAsync(Form(secretary: false))).Message.ShouldBe("请至少选择一个角色。");
        (await service.CreateAsync(Form(top: true))).Message.ShouldBe("只有领导角色才能设为党组书记。");
        (await service.CreateAsync(Form(userName: ""))).Message.ShouldBe("请填写用户名。");
        var invalid = await service.CreateAsync(Form(password: ""));
        invalid.Status.ShouldBe(CommandStatus.Invalid);
        invalid.Message.ShouldBe("请填写密码。");

        (await UserCountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Non_administrators_are_refused_and_nothing_changes()
    {
        await using var scope = await app.ScopeAsAsync("secretary");
        var service = scope.Get<UserAdminService>();
        var secretary2 = await UserIdAsync("secretary2");
        var before = await UserCountsAsync();

        var created = await service.CreateAsync(new UserForm { UserName = "intruder", DisplayName = "越权", IsAdmin = true, Password = Password });
        created.Status.ShouldBe(CommandStatus.Forbidden);
        created.Message.ShouldBe("您无权执行管理操作，只有管理员可以管理组织、用户和问题清单。");
        (await service.SetActiveAsync(secretary2, false)).Status.ShouldBe(CommandStatus.Forbidden);
        (await service.ResetPasswordAsync(secretary2, "Changed2026x")).Status.ShouldBe(CommandStatus.Forbidden);
        (await service.UpdateAsync(secretary2, new UserForm { DisplayName = "改名", IsAdmin = true })).Status.ShouldBe(CommandStatus.Forbidden);
        (await service.SetAssignmentsAsync(await UserIdAsync("leader2"), [])).Status.ShouldBe(CommandStatus.Forbidden);
        (await service.ListAsync()).Status.ShouldBe(CommandStatus.Forbidden);

        (await UserCountsAsync()).ShouldBe(before);
        await using var db = app.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == secretary2);
        user.IsActive.ShouldBeTrue();
        user.DisplayName.ShouldBe("刘洋");
    }

    [Fact]
    public async Task Changing_leader2s_assignments_changes_which_items_leader2_sees()
    {
        var welfare = await OrganizationIdAsync("社会福利院党支部");
        var leader2 = await UserIdAsync("leader2");
        var stampBefore = await StampAsync(leader2);
        // leader2 is the responsible leader of the office branches' items, so sees those whatever the assignments.
        (await OrganizationsSeenByAsync("leader2")).ShouldBe(["机关第一党支部", "机关第二党支部"], ignoreOrder: true);

        await using (var scope = await app.ScopeAsAsync("admin"))
        {
            var result = await scope.Get<UserAdminService>().SetAssignmentsAsync(leader2, [welfare]);
            result.Succeeded.ShouldBeTrue(result.Message);
        }

        (await OrganizationsSeenByAsync("leader2")).ShouldBe(["机关第一党支部", "机关第二党支部", "社会福利院党支部"], ignoreOrder: true);
        (await StampAsync(leader2)).ShouldNotBe(stampBefore);
        await using var db = app.CreateDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == leader2 && a.Action == "user.assignments_changed");
        audit.After.ShouldBe($"{{\"assignedOrganizationIds\":[{welfare}]}}");

        // Restore the demo assignments for the other tests of this class.
        await using var restore = await app.ScopeAsAsync("admin");
        (await restore.Get<UserAdminService>().SetAssignmentsAsync(leader2,
            [await OrganizationIdAsync("机关第一党支部"), await OrganizationIdAsync("机关第二党支部")])).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_leader_the_administrator_adds_renames_or_deactivates_is_offered_so_at_once_though_the_list_is_kept_for_seconds()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<UserAdminService>();
        var people = scope.Get<UserDirectory>();
        var before = await people.InRoleAsync(Roles.Leader); // read once, so it is now kept
        before.ShouldNotContain(p => p.UserName == "zhaogang");

        (await service.CreateAsync(new UserForm
        {
            UserName = "zhaogang", DisplayName = "赵刚", OrganizationId = await OrganizationIdAsync("机关第一党支部"), IsLeader = true, Password = Password,
        })).Succeeded.ShouldBeTrue();
        var id = await UserIdAsync("zhaogang");
        (await people.InRoleAsync(Roles.Leader)).Single(p => p.Id == id).DisplayName.ShouldBe("赵刚");

        (await service.UpdateAsync(id, new UserForm { DisplayName = "赵钢", OrganizationId = await OrganizationIdAsync("机关第一党支部"), IsLeader = true })).Succeeded.ShouldBeTrue();
        (await people.InRoleAsync(Roles.Leader)).Single(p => p.Id == id).DisplayName.ShouldBe("赵钢");

        (await service.SetActiveAsync(id, false)).Succeeded.ShouldBeTrue();
        (await people.InRoleAsync(Roles.Leader)).ShouldNotContain(p => p.Id == id);
    }

    [Fact]
    public async Task Editing_deactivating_resetting_and_unlocking_are_audited_and_renew_the_security_stamp()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<UserAdminService>();
        var affairs = await OrganizationIdAsync("机关第二党支部");
        (await service.CreateAsync(new UserForm { UserName = "zhouli", DisplayName = "周丽", OrganizationId = affairs, IsSecretary = true, Password = Password })).Succeeded.ShouldBeTrue();
        var id = await UserIdAsync("zhouli");
        var stamp = await StampAsync(id);

        var edit = await service.UpdateAsync(id, new UserForm { DisplayName = "周丽华", Email = "zhou@example.cn", OrganizationId = affairs, IsSecretary = true, IsLeader = true });
        edit.Succeeded.ShouldBeTrue(edit.Message);
        (await StampAsync(id)).ShouldNotBe(stamp);
        var row = (await service.ListAsync()).Value!.Single(u => u.Id == id);
        row.DisplayName.ShouldBe("周丽华");
        row.Roles.ShouldBe([Roles.Leader, Roles.Secretary]);

        (await service.SetActiveAsync(id, false)).Succeeded.ShouldBeTrue();
        (await service.ResetPasswordAsync(id, "abc")).Message!.ShouldContain("密码至少需要 8 个字符。");
        (await service.ResetPasswordAsync(id, "Xinmima2026")).Succeeded.ShouldBeTrue();
        await using (var locking = app.Services.CreateAsyncScope())
        {
            var users = locking.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(id))!;
            user.IsActive.ShouldBeFalse();
            (await users.CheckPasswordAsync(user, "Xinmima2026")).ShouldBeTrue();
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        (await service.ListAsync()).Value!.Single(u => u.Id == id).IsLockedOut.ShouldBeTrue();
        (await service.UnlockAsync(id)).Succeeded.ShouldBeTrue();
        (await service.ListAsync()).Value!.Single(u => u.Id == id).IsLockedOut.ShouldBeFalse();
        (await service.SetActiveAsync(id, true)).Succeeded.ShouldBeTrue();

        await using var db = app.CreateDbContext();
        var actions = await db.AuditEntries.Where(a => a.EntityType == "User" && a.EntityId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        actions.ShouldBe(["user.created", "user.updated", "user.deactivated", "user.password_reset", "user.unlocked", "user.activated"]);
        var update = await db.AuditEntries.SingleAsync(a => a.EntityId == id && a.Action == "user.updated");
        update.Before.ShouldBe("{\"displayName\":\"周丽\",\"email\":null,\"roles\":[\"Secretary\"]}");
        update.After.ShouldBe("{\"displayName\":\"周丽华\",\"email\":\"zhou@example.cn\",\"roles\":[\"Leader\",\"Secretary\"]}");
    }

    [Fact]
    public async Task A_mobile_number_is_kept_normalised_for_group_robots_and_a_wrong_one_is_refused()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<UserAdminService>();
        var office = await OrganizationIdAsync("机关第一党支部");

        var wrong = await service.CreateAsync(new UserForm { UserName = "mobile1", DisplayName = "孙丽", Mobile = "12345", OrganizationId = office, IsSecretary = true, Password = Password });
        var created = await service.CreateAsync(new UserForm { UserName = "mobile2", DisplayName = "孙强", Mobile = "+86 139-0013-9001", OrganizationId = office, IsSecretary = true, Password = Password });

        wrong.Status.ShouldBe(CommandStatus.Invalid);
        wrong.Message.ShouldBe("手机号须为 11 位中国大陆手机号码。");
        created.Succeeded.ShouldBeTrue(created.Message);
        var row = (await service.ListAsync()).Value!.Single(u => u.UserName == "mobile2");
        row.Mobile.ShouldBe("13900139001");
        UserForm.From(row).Mobile.ShouldBe("13900139001");
        await using var db = app.CreateDbContext();
        (await db.Users.AnyAsync(u => u.UserName == "mobile1")).ShouldBeFalse();
    }

    [Fact]
    public async Task An_administrator_cannot_demote_or_deactivate_themselves()
    {
        await using var scope = await app.ScopeAsAsync("admin");
        var service = scope.Get<UserAdminService>();
        var admin = await UserIdAsync("admin");
        var org = await OrganizationIdAsync("区民政局党组");

        (await service.UpdateAsync(admin, new UserForm { DisplayName = "王芳", OrganizationId = org, IsLeader = true })).Message.ShouldBe("不能取消自己的管理员角色。");
        (await service.SetActiveAsync(admin, false)).Message.ShouldBe("不能停用自己的账号。");

        await using var check = app.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(admin))!;
        user.IsActive.ShouldBeTrue();
        (await users.GetRolesAsync(user)).ShouldBe([Roles.Admin]);
    }

    private async Task<IReadOnlyList<string>> OrganizationsSeenByAsync(string userName)
    {
        var access = await app.AccessAsync(userName);
        await using var scope = app.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<ItemQueries>().ListAsync(access, new ItemFilter { PageSize = 200 });
        page.Rows.ShouldNotBeEmpty();
        return page.Rows.Select(r => r.OrganizationName).Distinct().ToList();
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

    private async Task<string?> StampAsync(string userId)
    {
        await using var db = app.CreateDbContext();
        return (await db.Users.SingleAsync(u => u.Id == userId)).SecurityStamp;
    }

    private async Task<(int Users, int Audit)> UserCountsAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Users.CountAsync(), await db.AuditEntries.CountAsync(a => a.EntityType == "User"));
    }
}
