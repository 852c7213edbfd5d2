using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Components.Pages.LedgerIO;
using Rectify.Web.Data;
using Rectify.Web.Ledger;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.LedgerIO;

/// <summary>What the import/export page's drop-downs offer to whom (the report panel's owner and leader choices).</summary>
[Collection(DefaultAppCollection.Name)]
public sealed class LedgerIOChoicesTests(RectifyFactory app)
{
    private async Task<LedgerIOChoices> ChoicesAsync(string userName)
    {
        var access = await AccessAsync(app, userName);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        return await LedgerIOChoices.LoadAsync(
            services.GetRequiredService<IDbContextFactory<RectifyDbContext>>(), services.GetRequiredService<OrganizationDirectory>(),
            services.GetRequiredService<UserDirectory>(), access);
    }

    [Fact]
    public async Task A_secretary_is_offered_no_login_names_and_only_the_people_of_their_branch_as_owners()
    {
        var choices = await ChoicesAsync("secretary");

        choices.People.Concat(choices.Leaders).ShouldAllBe(p => p.UserName == "");
        choices.People.Select(p => p.DisplayName).ShouldBe(["赵敏"]); // the secretary of 机关第一党支部, alone in that branch
        choices.Leaders.Select(p => p.DisplayName).ShouldContain("张伟");
    }

    [Fact]
    public async Task An_administrator_is_offered_everyone_with_login_names()
    {
        var choices = await ChoicesAsync("admin");

        choices.People.Select(p => p.UserName).ShouldContain("secretary2");
        choices.People.Select(p => p.UserName).ShouldContain("admin");
        choices.Leaders.Select(p => p.UserName).ShouldContain("leader2");
    }
}
