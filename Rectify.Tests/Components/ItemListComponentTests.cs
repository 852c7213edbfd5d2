using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.ItemDetail;
using Rectify.Tests.Support;
using Rectify.Web.Components.Pages.Items;

namespace Rectify.Tests.Components;

/// <summary>
/// The item list's filters, sorting and paging, rendered with bUnit on the real app's services and SQLite file. What needs a
/// browser (the filter remembered in the browser's storage across a reload, the phone layout) is in Browser/ItemListTests.
/// </summary>
[Collection(ComponentCollection.Name)]
public sealed class ItemListComponentTests(ComponentTestApp app) : IAsyncLifetime
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
        var first = Ids(list);
        first.Count.ShouldBe(20);

        list.Find("[data-testid=page-next]").Click();

        list.WaitForAssertion(() => list.Find("[data-testid=page-of]").TextContent.ShouldBe($"第 2 / {pages} 页"));
        var second = Ids(list);
        second.Count.ShouldBe(Math.Min(20, total - 20));
        second.Intersect(first).ShouldBeEmpty();

        // Any change of the filter starts again at page 1.
        list.Find("[data-testid=filter-due]").Change("Unfinished");
        list.WaitForAssertion(() => list.Find("[data-testid=filter-due]").GetAttribute("value").ShouldBe("Unfinished"));
        if (Total(list) > 20)
        {
            list.Find("[data-testid=page-of]").TextContent.ShouldStartWith("第 1 / ");
        }
        else
        {
            list.FindAll("[data-testid=paging]").ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_secretary_sees_only_their_branch_in_Chinese_and_choosing_overdue_leaves_only_the_late_items()
    {
        var list = await OpenAsync("secretary2");

        list.Find("h1").TextContent.ShouldBe("整改台账");
        list.FindAll("thead th").Select(t => t.TextContent.Trim())
            .ShouldBe(["灯", "编号", "问题描述", "问题来源", "责任单位", "责任人", "责任领导", "整改时限", "状态", "逾期天数"]);
        Column(list, "责任单位").Distinct().ShouldBe(["社会福利院党支部"]);
        Descriptions(list).ShouldContain(d => d.Contains("意识形态工作责任制落实不到位", StringComparison.Ordinal));
        Column(list, "状态").ShouldContain("已审核");
        list.FindAll("[data-testid=export]").ShouldBeEmpty(); // secretaries do not export

        list.Find("[data-testid=filter-due]").Change("Overdue");

        list.WaitForAssertion(() => Descriptions(list).ShouldNotContain(d => d.Contains("作风建设仍有差距", StringComparison.Ordinal)));
        var late = list.FindAll("[data-testid=item-row]").Single(r => r.TextContent.Contains("党建责任落实还不够严", StringComparison.Ordinal));
        list.FindAll("[data-testid=item-row]").Select(r => r.GetAttribute("data-light")).ShouldAllBe(l => l == "Red");
        Column(list, "责任单位").ShouldAllBe(o => o == "社会福利院党支部");
        late.QuerySelector("[data-testid=item-days-overdue]")!.TextContent.Trim().ShouldBe("6 天");
        late.QuerySelector("[data-testid=item-deadline]")!.TextContent.ShouldMatch(@"^\d{4}-\d{2}-\d{2}$");
    }

    [Fact]
    public async Task A_leader_following_a_link_to_overdue_items_sees_the_filter_set_only_their_branches_and_an_export_of_exactly_that()
    {
        var list = await OpenAsync("leader2", "items?due=Overdue");

        list.Find("[data-testid=filter-due]").GetAttribute("value").ShouldBe("Overdue");
        var unfirm = list.FindAll("[data-testid=item-row]").Single(r => r.TextContent.Contains("机关党建基础不牢", StringComparison.Ordinal));
        unfirm.QuerySelector("[data-testid=item-deadline]")!.TextContent.ShouldBe("长期坚持");
        list.FindAll("[data-testid=item-row]").Select(r => r.GetAttribute("data-light")).ShouldAllBe(l => l == "Red");
        Column(list, "责任单位").ShouldAllBe(o => o == "机关第一党支部" || o == "机关第二党支部");

        // Leaders may export what they see; the link carries the filter.
        var export = list.Find("[data-testid=export]");
        export.GetAttribute("href").ShouldBe("ledger/export.xlsx?due=Overdue");
        export.TextContent.Trim().ShouldBe("导出Excel");
    }

    [Theory]
    [InlineData("filter-status", "状态")]
    [InlineData("filter-source", "问题来源")]
    [InlineData("filter-leader", "责任领导")]
    public async Task Each_choice_of_a_filter_shows_only_its_items_and_together_the_choices_show_them_all(string filter, string column)
    {
        var list = await OpenAsync("admin");
        var all = Total(list);
        var choices = list.FindAll($"[data-testid={filter}] option").Where(o => o.GetAttribute("value") != "")
            .Select(o => (Value: o.GetAttribute("value")!, Text: o.TextContent.Trim())).ToList();
        choices.Count.ShouldBeGreaterThan(1);

        var sum = 0;
        foreach (var (value, text) in choices)
        {
            list.Find($"[data-testid={filter}]").Change(value);
            list.WaitForAssertion(() => list.Find($"[data-testid={filter}]").GetAttribute("value").ShouldBe(value));
            var shown = Total(list);
            sum += shown;
            if (shown == 0)
            {
                list.Find("[data-testid=empty]").TextContent.ShouldBe("没有符合条件的整改事项。");
            }
            else
            {
                Column(list, column).ShouldAllBe(c => c == text, $"{filter} = {text}");
            }
        }

        // Every item has exactly one status, one source and one responsible leader.
        sum.ShouldBe(all);
        list.Find("[data-testid=reset]").Click();
        list.WaitForAssertion(() => Total(list).ShouldBe(all));
        list.Find($"[data-testid={filter}]").GetAttribute("value").ShouldBe("");
    }

    [Fact]
    public async Task Choosing_a_branch_shows_its_items_and_offers_the_levels_under_it()
    {
        var list = await OpenAsync("admin");
        var before = list.FindAll("[data-testid=filter-org] option").Count;
        var office = OptionValue(list.Find("[data-testid=filter-org]"), "机关第一党支部");

        list.Find("[data-testid=filter-org]").Change(office);

        list.WaitForAssertion(() => Column(list, "责任单位").Distinct().ShouldBe(["机关第一党支部"]));
        list.FindAll("[data-testid=filter-org] option").Count.ShouldBeGreaterThanOrEqualTo(before);
        list.Find("[data-testid=filter-org]").GetAttribute("value").ShouldBe(office);
        list.Find("[data-testid=export]").GetAttribute("href").ShouldBe($"ledger/export.xlsx?org={office}");
    }

    [Fact]
    public async Task Searching_the_text_finds_the_items_that_contain_it_and_reset_shows_all_again()
    {
        var list = await OpenAsync("admin");
        var all = Total(list);

        list.Find("[data-testid=filter-text]").Input("党建载体");
        list.Find("[data-testid=filters]").Submit();

        list.WaitForAssertion(() => Total(list).ShouldBeLessThan(all));
        Descriptions(list).ShouldNotBeEmpty();
        Descriptions(list).ShouldAllBe(d => d.Contains("党建载体", StringComparison.Ordinal));
        list.Find("[data-testid=export]").GetAttribute("href").ShouldBe("ledger/export.xlsx?q=" + Uri.EscapeDataString("党建载体"));

        list.Find("[data-testid=filter-text]").Input("没有这样的问题描述");
        list.Find("[data-testid=filters]").Submit();
        list.WaitForAssertion(() => list.Find("[data-testid=empty]").TextContent.ShouldBe("没有符合条件的整改事项。"));
        list.Find("[data-testid=total]").TextContent.ShouldBe("共 0 条");

        list.Find("[data-testid=reset]").Click();
        list.WaitForAssertion(() => Total(list).ShouldBe(all));
        list.Find("[data-testid=filter-text]").GetAttribute("value").ShouldBeNullOrEmpty();
    }

    [Fact]
    public async Task Filters_that_only_come_from_a_link_are_shown_and_can_be_cleared()
    {
        var office = await Rectify.Tests.LedgerIO.LedgerIOTestSupport.OrganizationIdAsync(app.App, "机关第一党支部");
        var list = await OpenAsync("admin", $"items?org={office}&orgonly=1&newfrom=2000-01-01&newto=2100-12-31");

        list.FindAll("[data-testid=link-filters] .badge").Select(b => b.TextContent.Trim())
            .ShouldBe(["仅本组织（不含下级）", "新增于 2000-01-01 至 2100-12-31"]);
        Column(list, "责任单位").Distinct().ShouldBe(["机关第一党支部"]);
        var linked = Total(list);

        list.Find("[data-testid=clear-link-filters]").Click();

        // The branch chosen in the drop-down stays; only the link's extra conditions are gone.
        list.WaitForAssertion(() => list.FindAll("[data-testid=link-filters]").ShouldBeEmpty());
        list.Find("[data-testid=filter-org]").GetAttribute("value").ShouldBe(office.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Total(list).ShouldBeGreaterThanOrEqualTo(linked);
        list.Find("[data-testid=export]").GetAttribute("href").ShouldBe($"ledger/export.xlsx?org={office}");
    }

    [Fact]
    public async Task A_reminder_mails_link_says_which_section_it_lists_and_keeps_it_in_the_export()
    {
        // 2026-12-07 08:30 in Shanghai: the mail's "查看全部" link of the administrators' escalation section (decision 0049).
        var at = new DateTimeOffset(2026, 12, 7, 0, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var list = await OpenAsync("admin", $"items?remind=AdminEscalation&at={at}");

        list.FindAll("[data-testid=link-filters] .badge").Select(b => b.TextContent.Trim())
            .ShouldBe(["2026-12-07 提醒邮件中的“逾期督办（管理员）”"]);
        list.Find("[data-testid=export]").GetAttribute("href").ShouldBe($"ledger/export.xlsx?remind=AdminEscalation&at={at}");

        list.Find("[data-testid=clear-link-filters]").Click();

        list.WaitForAssertion(() => list.FindAll("[data-testid=link-filters]").ShouldBeEmpty());
        list.Find("[data-testid=export]").GetAttribute("href").ShouldBe("ledger/export.xlsx");
    }

    [Fact]
    public async Task A_description_with_markup_in_it_shows_as_text_in_the_list()
    {
        // The rows are written as one markup string (decision 0064): what a user typed must be shown, never parsed or run.
        const string description = "<script>document.title='x'</script><b>加粗</b> & \"引号\" <img src=x onerror=alert(1)> 标记显示测试。";
        var id = (await _kit.CreateItemAsync(description)).ToString();

        var list = await OpenAsync("admin", "items?q=" + Uri.EscapeDataString("标记显示测试"));

        var row = list.FindAll("[data-testid=item-row]").Single(r => r.GetAttribute("data-id") == id);
        row.QuerySelectorAll("script, b, img").ShouldBeEmpty();
        var link = row.QuerySelector("[data-testid=item-description]")!;
        link.TextContent.ShouldBe(description);
        link.GetAttribute("title").ShouldBe(description);
        link.GetAttribute("href").ShouldBe($"items/{id}");
        list.Markup.ShouldContain("&lt;script&gt;");
    }

    private static int Total(IRenderedComponent<ItemList> list) =>
        int.Parse(list.Find("[data-testid=total]").TextContent.Trim("共 条".ToCharArray()), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The cells of one column, by the column's header as the user reads it (each cell carries it as data-label).</summary>
    private static List<string> Column(IRenderedComponent<ItemList> list, string header) =>
        list.FindAll($"[data-testid=item-row] td[data-label='{header}']").Select(c => c.TextContent.Trim()).ToList();

    private static List<string> Descriptions(IRenderedComponent<ItemList> list) =>
        list.FindAll("[data-testid=item-description]").Select(a => a.TextContent).ToList();

    private static string OptionValue(IElement select, string text) =>
        select.QuerySelectorAll("option").Single(o => o.TextContent.Trim() == text).GetAttribute("value")!;

    /// <summary>The rows' items (numbers repeat across problem lists: 2026-民主生活会-001 in each list of that kind and year).</summary>
    private static List<string> Ids(IRenderedComponent<ItemList> list) =>
        list.FindAll("[data-testid=item-row]").Select(r => r.GetAttribute("data-id")!).ToList();

    private static List<string> Numbers(IRenderedComponent<ItemList> list) =>
        list.FindAll("[data-testid=item-number]").Select(a => a.TextContent).ToList();

    private async Task<IRenderedComponent<ItemList>> OpenAsync(string userName, string? url = null)
    {
        _context = await app.SignInAsync(userName);
        if (url is not null)
        {
            _context.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        }

        var list = _context.Render<ItemList>();
        list.WaitForElement("[data-testid=total]");
        return list;
    }
}
