using Rectify.Web.Identity;

namespace Rectify.Web.Data;

/// <summary>The demo organisation (区民政局党组 with four branches) and the demo accounts listed in README.md.</summary>
internal static class DemoData
{
    public static async Task SeedAsync(Seeder seeder, RectifyDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        _ = db;
        _ = time;
        _ = cancellationToken;
        await seeder.CreateUserAsync("admin", "王芳", null, Seeder.DemoPassword, [Roles.Admin]);
        await seeder.CreateUserAsync("leader", "李建国", null, Seeder.DemoPassword, [Roles.Leader], isTopLeader: true);
        await seeder.CreateUserAsync("leader2", "张伟", null, Seeder.DemoPassword, [Roles.Leader]);
        await seeder.CreateUserAsync("secretary", "赵敏", null, Seeder.DemoPassword, [Roles.Secretary]);
        await seeder.CreateUserAsync("secretary2", "刘洋", null, Seeder.DemoPassword, [Roles.Secretary]);
    }
}
