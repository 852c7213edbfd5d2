using Bunit;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Rectify.Tests.ItemDetail;
using Rectify.Tests.Support;
using Rectify.Web.Components.Pages.ProblemLists;
using ItemDetailPage = Rectify.Web.Components.Pages.Items.ItemDetail;

namespace Rectify.Tests.Components;

/// <summary>
/// 屡查屡犯 in the pages, rendered with bUnit on the real app's services and SQLite file: the suggestions while a problem is
/// typed into the problem list's form and grid, marking one, and the item page's panel and header.
/// </summary>
[Collection(ComponentCollection.Name)]
public sealed class RecurrenceComponentTests(ComponentTestApp app) : IAsyncLifetime
{
    /// <summary>The demo item of 机关第一党支部 the tests' new problems repeat.</summary>
    private const string Life = "组织生活制度落实不严";

    private readonly ItemDetailKit _kit = new(app.App);
    private readonly List<BunitContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task Typing_a_problem_shows_the_earlier_one_and_marking_it_is_kept_on_the_new_item()
    {
        var (listId, office, lifeId) = await DemoAsync();
        var form = await RenderAsync<ProblemListDetail>("admin", p => p.Add(c => c.Id, listId));
        form.WaitForElement("[data-testid=single-description]");

        form.Find("[data-testid=single-description]").Input("“组织生活制度”落实还不严格，会议记录不全");
        form.Find("[data-testid=single-org]").Change(office.ToString(System.Globalization.CultureInfo.InvariantCulture));

        form.WaitForAssertion(() => form.Find("[data-testid=recurrence-same]").TextContent.ShouldContain(Life), TimeSpan.FromSeconds(10));
        var suggestion = form.Find($"[data-testid=recurrence-same] [data-testid=recurrence-suggestion][data-item='{lifeId}']");
        suggestion.QuerySelector("[data-testid=recurrence-facts]")!.TextContent.ShouldContain("2026年");
        suggestion.QuerySelector("[data-testid=recurrence-facts]")!.TextContent.ShouldContain("待销号");
        form.Find("[data-testid=recurrence-same-title]").TextContent.ShouldBe("本单位以前的相似问题（可能重复）");

        form.Find($"[data-testid=recurrence-suggestion][data-item='{lifeId}'] [data-testid=recurrence-mark]").Click();
        form.WaitForAssertion(() => form.Find($"[data-testid=recurrence-suggestion][data-item='{lifeId}'] [data-testid=recurrence-marked]").TextContent.ShouldBe("已标记为复发"));

        form.Find("[data-testid=single-category]").Input("组织生活");
        form.Find("[data-testid=single-owner]").Change(await Rectify.Tests.Ledger.LedgerTestKit.UserIdAsync(app.App, "secretary"));
        form.Find("[data-testid=single-leader]").Change(await Rectify.Tests.Ledger.LedgerTestKit.UserIdAsync(app.App, "leader2"));
        form.Find("[data-testid=single-deadline]").Change(DateTime.Today.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        form.Find("[data-testid=single-add]").Click();

        form.WaitForAssertion(() => form.FindAll("[data-testid=add-message], [data-testid=single-error]").ShouldNotBeEmpty(), TimeSpan.FromSeconds(10));
        form.FindAll("[data-testid=single-error]").Select(e => e.TextContent).ShouldBeEmpty();
        await using var db = app.App.CreateDbContext();
        var created = await db.Items.SingleAsync(i => i.Description.StartsWith("“组织生活制度”落实还不严格"));
        created.RecurrenceOfItemId.ShouldBe(lifeId);
        (await db.AuditEntries.CountAsync(a => a.EntityId == created.Id.ToString() && a.Action == "item.recurrence_marked")).ShouldBe(1);
    }

    [Fact]
    public async Task A_two_character_text_asks_for_three_and_the_grid_row_shows_its_own_suggestions()
    {
        var (listId, office, _) = await DemoAsync();
        var form = await RenderAsync<ProblemListDetail>("admin", p => p.Add(c => c.Id, listId));
        form.WaitForElement("[data-testid=single-description]");

        form.Find("[data-testid=single-description]").Input("党费");
        form.WaitForAssertion(() => form.Find("[data-testid=recurrence-too-short]").TextContent.ShouldBe("输入至少连续3个字后查找以前的相似问题。"), TimeSpan.FromSeconds(10));

        form.Find("[data-testid=tab-grid]").Click();
        // The grid renders after the click's render batch: wait for it (it failed under a load average of 50 without the wait).
        form.WaitForElement("[data-testid=grid-description]", TimeSpan.FromSeconds(10)).Input("组织生活制度落实不严格");
        form.WaitForAssertion(() => form.Find("[data-testid=grid-row] [data-testid=recurrence-suggestions]").TextContent.ShouldContain(Life), TimeSpan.FromSeconds(10));
        // No organisation chosen yet: everything found is one group.
        form.Find("[data-testid=grid-row] [data-testid=recurrence-elsewhere-title]").TextContent.ShouldBe("以前的相似问题（可能重复）");
        office.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task On_the_item_page_an_administrator_marks_a_recurrence_and_the_header_links_the_earlier_item()
    {
        var (_, _, lifeId) = await DemoAsync();
        var itemId = await _kit.CreateItemAsync("组织生活制度落实不严格，“三会一课”记录不规范。");
        var page = await RenderAsync<ItemDetailPage>("admin", p => p.Add(c => c.Id, itemId));
        page.WaitForElement("[data-testid=item-header]");

        page.WaitForAssertion(() => page.Find($"[data-testid=recurrence-panel] [data-item='{lifeId}'] [data-testid=recurrence-mark]"), TimeSpan.FromSeconds(10));
        page.Find($"[data-testid=recurrence-panel] [data-item='{lifeId}'] [data-testid=recurrence-mark]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("已标记为复发。"));
        page.Find("[data-testid=item-recurrence-of]").TextContent.ShouldContain(Life);
        page.Find("[data-testid=item-recurrence-link]").GetAttribute("href").ShouldBe($"items/{lifeId}");
        page.Find("[data-testid=timeline-audit][data-action='item.recurrence_marked']").TextContent.ShouldContain("标记为复发");
        (await _kit.LoadAsync(itemId)).RecurrenceOfItemId.ShouldBe(lifeId);

        page.Find("[data-testid=recurrence-clear]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("已取消复发标记。"));
        page.FindAll("[data-testid=item-recurrence-of]").ShouldBeEmpty();
        (await _kit.LoadAsync(itemId)).RecurrenceOfItemId.ShouldBeNull();
    }

    [Fact]
    public async Task The_header_names_the_earlier_item_to_a_secretary_who_cannot_mark()
    {
        var (_, _, lifeId) = await DemoAsync();
        var access = await _kit.AccessAsync("admin");
        var itemId = await _kit.CreateItemAsync("组织生活制度落实仍不严格。", (item, _, _, now) => { });
        await using (var db = app.App.CreateDbContext())
        {
            var item = await db.Items.SingleAsync(i => i.Id == itemId);
            var earlier = await db.Items.Include(i => i.Measures).SingleAsync(i => i.Id == lifeId);
            item.MarkRecurrence(access, lifeId, earlier, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var page = await RenderAsync<ItemDetailPage>("secretary", p => p.Add(c => c.Id, itemId));
        page.WaitForElement("[data-testid=item-header]");

        page.Find("[data-testid=item-recurrence-of]").TextContent.ShouldContain("屡查屡犯");
        page.Find("[data-testid=item-recurrence-link]").TextContent.ShouldNotBeEmpty();
        page.FindAll("[data-testid=recurrence-panel]").ShouldBeEmpty();
    }

    private async Task<(Guid ListId, int Office, Guid LifeId)> DemoAsync()
    {
        await using var db = app.App.CreateDbContext();
        var list = await db.ProblemLists.OrderBy(l => l.CreatedAt).FirstAsync();
        var office = await db.Organizations.SingleAsync(o => o.Name == "机关第一党支部");
        var demoTime = DateTimeOffset.UtcNow.AddDays(-1);
        var life = await db.Items.SingleAsync(i => i.Description.StartsWith(Life) && i.CreatedAt < demoTime);
        return (list.Id, office.Id, life.Id);
    }

    private async Task<IRenderedComponent<T>> RenderAsync<T>(string user, Action<ComponentParameterCollectionBuilder<T>> parameters)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var context = await app.SignInAsync(user);
        _contexts.Add(context);
        return context.Render(parameters);
    }
}
