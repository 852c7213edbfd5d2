using Bunit;
using Microsoft.EntityFrameworkCore;
using Rectify.Tests.ItemDetail;
using Rectify.Tests.Support;
using Rectify.Web.Components.Pages.Items;

namespace Rectify.Tests.Components;

/// <summary>The item list's sorting and paging, rendered with bUnit on the real app's services and SQLite file.</summary>
public sealed class ItemListComponentTests(ComponentTestApp app) : IClassFixture<ComponentTestApp>, IAsyncLifetime
{
    private readonly ItemDetailKit _kit = new(app.App);
    private BunitContext? _context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [Fact]
    public async Task Clicking_a_column_header_sorts_and_a_second_click_reverses()
    {
        var list = await OpenAsync("leader");

        list.Find("[data-testid=sort-Number]").Click();
        list.WaitForAssertion(() => list.Find("th[aria-sort=ascending]").TextContent.ShouldContain("编号"));
        var ascending = Numbers(list);
        ascending.Count.ShouldBeGreaterThan(1);
        ascending.ShouldBe(ascending.Order(StringComparer.Ordinal).ToList());

        list.Find("[data-testid=sort-Number]").Click();
        list.WaitForAssertion(() => list.Find("th[aria-sort=descending]").TextContent.ShouldContain("编号"));
        // The first page of the reversed order (the class's other test may add a second page of items).
        var descending = Numbers(list);
        descending.ShouldBe(descending.OrderDescending(StringComparer.Ordinal).ToList());
        string.CompareOrdinal(descending[0], ascending[^1]).ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Twenty_items_fit_a_page_and_the_next_page_shows_the_rest()
    {
        await using (var db = app.App.CreateDbContext())
        {
            for (var i = await db.Items.CountAsync(); i <= 20; i++)
            {
                await _kit.CreateItemAsync($"分页测试事项{i}。");
            }
        }

        int total;
        await using (var db = app.App.CreateDbContext())
        {
            total = await db.Items.CountAsync();
        }

        var list = await OpenAsync("admin");
        list.Find("[data-testid=total]").TextContent.ShouldBe($"共 {total} 条");
        var pages = (total + 19) / 20;
        list.Find("[data-testid=page-of]").TextContent.ShouldBe($"第 1 / {pages} 页");
        list.Find("[data-testid=page-previous]").HasAttribute("disabled").ShouldBeTrue();
        var first = Numbers(list);
        first.Count.ShouldBe(20);

        list.Find("[data-testid=page-next]").Click();

        list.WaitForAssertion(() => list.Find("[data-testid=page-of]").TextContent.ShouldBe($"第 2 / {pages} 页"));
        var second = Numbers(list);
        second.Count.ShouldBe(Math.Min(20, total - 20));
        second.Intersect(first).ShouldBeEmpty();
    }

    private static List<string> Numbers(IRenderedComponent<ItemList> list) =>
        list.FindAll("[data-testid=item-number]").Select(a => a.TextContent).ToList();

    private async Task<IRenderedComponent<ItemList>> OpenAsync(string userName)
    {
        _context = await app.SignInAsync(userName);
        var list = _context.Render<ItemList>();
        list.WaitForElement("[data-testid=total]");
        return list;
    }
}
