using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Rectify.Domain.Ledger;
using Rectify.Web.Components.Pages.Items;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;

namespace Rectify.Tests.Web;

/// <summary>The ledger table rendered to HTML (HtmlRenderer, no browser): what a user reads in each cell.</summary>
public sealed class ItemTableRenderTests
{
    private static readonly Guid LateId = Guid.Parse("0193a000-0000-7000-8000-000000000001");

    private static ItemRow Row(
        string number, string description, ItemStatus status, TrafficLight light, int? daysOverdue = null,
        DeadlineType type = DeadlineType.ByDate, DateOnly? deadline = null, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), number, description, "责任落实", ProblemSource.ReviewSuperior, Guid.NewGuid(), "2026年度述职评议问题清单",
            4, "社会福利院党支部", "u-owner", "刘洋", "u-leader", "李建国", type,
            type == DeadlineType.LongTerm ? null : deadline ?? new DateOnly(2026, 11, 16), deadline, status, null, null, light, daysOverdue);

    private static readonly ItemRow[] Rows =
    [
        Row("2026-述职评议·上级点评-005", "党建责任落实还不够严，对支部党建工作督促检查不够。", ItemStatus.InProgress, TrafficLight.Red, 6, id: LateId),
        Row("2026-述职评议·上级点评-006", "机关党建基础不牢，党员教育管理监督长效机制不健全。", ItemStatus.Open, TrafficLight.Green, type: DeadlineType.LongTerm),
        Row("2026-民主生活会-003", "组织生活制度落实不严。", ItemStatus.AwaitingSignOff, TrafficLight.Yellow, deadline: new DateOnly(2026, 11, 27)),
        Row("2026-述职评议·上级点评-007", "意识形态工作责任制落实不到位。", ItemStatus.SignedOff, TrafficLight.Done, deadline: new DateOnly(2026, 12, 2)),
    ];

    [Fact]
    public async Task Rows_show_the_traffic_light_Chinese_status_and_days_overdue()
    {
        var doc = await RenderAsync(Rows);

        var rows = doc.QuerySelectorAll("tbody tr");
        rows.Length.ShouldBe(4);
        rows.Select(r => r.QuerySelector(".light")!.GetAttribute("data-light")).ShouldBe(["Red", "Green", "Yellow", "Done"]);
        rows[0].QuerySelector(".light")!.GetAttribute("title").ShouldBe("红灯（逾期）");
        rows[2].QuerySelector(".light")!.GetAttribute("aria-label").ShouldBe("黄灯（临期）");
        rows.Select(r => r.QuerySelector("[data-status]")!.TextContent).ShouldBe(["整改中", "待整改", "待销号", "已审核"]);

        Cell(rows[0], "item-days-overdue").ShouldBe("6 天");
        rows[0].ClassList.ShouldContain("row-overdue");
        Cell(rows[1], "item-days-overdue").ShouldBeEmpty();
        rows[1].ClassList.ShouldNotContain("row-overdue");
    }

    [Fact]
    public async Task Cells_read_like_the_ledger()
    {
        var doc = await RenderAsync(Rows);

        doc.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim())
            .ShouldBe(["灯", "编号", "问题描述", "问题来源", "责任单位", "责任人", "责任领导", "整改时限", "状态", "逾期天数"]);
        var late = doc.QuerySelectorAll("tbody tr")[0];
        late.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).Skip(1).ShouldBe(
        [
            "2026-述职评议·上级点评-005", "党建责任落实还不够严，对支部党建工作督促检查不够。", "述职评议·上级点评", "社会福利院党支部",
            "刘洋", "李建国", "2026-11-16", "整改中", "6 天",
        ]);
        Cell(doc.QuerySelectorAll("tbody tr")[1], "item-deadline").ShouldBe("长期坚持");

        // Every row links to its detail page; the description is cut on screen and whole in the tooltip.
        var description = late.QuerySelector("[data-testid=item-description]")!;
        description.GetAttribute("href").ShouldBe($"items/{LateId}");
        description.GetAttribute("title").ShouldBe("党建责任落实还不够严，对支部党建工作督促检查不够。");
        late.QuerySelector("[data-testid=item-number]")!.GetAttribute("href").ShouldBe($"items/{LateId}");
        // Every cell is labelled for the phone layout, where rows become cards.
        late.QuerySelectorAll("td").Select(td => td.GetAttribute("data-label")).ShouldNotContain(l => string.IsNullOrEmpty(l));
    }

    [Fact]
    public async Task Sortable_headers_mark_the_current_order()
    {
        var doc = await RenderAsync(Rows, sort: ItemSort.Number, descending: true, onSort: EventCallback.Factory.Create<ItemSort>(this, _ => { }));

        doc.QuerySelectorAll("th button.sort-button").Select(b => b.GetAttribute("data-testid"))
            .ShouldBe(["sort-Number", "sort-Organization", "sort-DueDate", "sort-Status"]);
        doc.QuerySelector("th[aria-sort=descending]")!.TextContent.Trim().ShouldBe("编号");
        doc.QuerySelectorAll("th[aria-sort=ascending]").ShouldBeEmpty();
        doc.QuerySelector("[data-testid=sort-Number]")!.GetAttribute("title").ShouldBe("按编号排序");
    }

    [Fact]
    public async Task Without_a_sort_callback_headers_are_plain_text()
    {
        var doc = await RenderAsync(Rows);

        doc.QuerySelectorAll("th button").ShouldBeEmpty();
    }

    [Fact]
    public async Task English_when_chosen()
    {
        var doc = await RenderAsync(Rows, culture: "en-US");

        doc.QuerySelectorAll("thead th").Last().TextContent.Trim().ShouldBe("Days overdue");
        doc.QuerySelectorAll("tbody tr")[0].QuerySelector("[data-status]")!.TextContent.ShouldBe("In progress");
        Cell(doc.QuerySelectorAll("tbody tr")[1], "item-deadline").ShouldBe("Ongoing");
    }

    [Fact]
    public async Task Text_that_looks_like_markup_is_shown_as_text()
    {
        const string description = "<script>alert('x')</script><b>加粗</b> & \"引号\"";
        var row = Row("2026-<i>斜体</i>&-001", description, ItemStatus.Open, TrafficLight.Red, 1, id: LateId) with
        {
            OrganizationName = "第一\"党支部\"", OwnerName = "<u>刘洋</u>", LeaderName = "李&amp;建国",
        };

        var (doc, html) = await RenderWithHtmlAsync([row]);

        var tr = doc.QuerySelector("tbody tr")!;
        tr.QuerySelectorAll("script, b, i, u").ShouldBeEmpty();
        tr.QuerySelector("[data-testid=item-description]")!.TextContent.ShouldBe(description);
        tr.QuerySelector("[data-testid=item-description]")!.GetAttribute("title").ShouldBe(description);
        tr.QuerySelector("[data-testid=item-number]")!.TextContent.ShouldBe("2026-<i>斜体</i>&-001");
        tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).Skip(4).Take(3).ShouldBe(["第一\"党支部\"", "<u>刘洋</u>", "李&amp;建国"]);
        html.ShouldContain("&lt;script&gt;");
        html.ShouldNotContain("<script");
        // Chinese stays as characters, as in the rest of the page.
        html.ShouldContain("加粗");
    }

    private static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    private static async Task<IDocument> RenderAsync(
        IReadOnlyList<ItemRow> rows, ItemSort sort = ItemSort.DueDate, bool descending = false, EventCallback<ItemSort> onSort = default, string culture = "zh-CN") =>
        (await RenderWithHtmlAsync(rows, sort, descending, onSort, culture)).Document;

    private static async Task<(IDocument Document, string Html)> RenderWithHtmlAsync(
        IReadOnlyList<ItemRow> rows, ItemSort sort = ItemSort.DueDate, bool descending = false, EventCallback<ItemSort> onSort = default, string culture = "zh-CN")
    {
        var services = new ServiceCollection();
        services.AddSingleton<TextCatalog>();
        services.AddSingleton<IStringLocalizer<Text>, TextLocalizer>();
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, NullLoggerFactory.Instance);
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var parameters = new Dictionary<string, object?>
                {
                    [nameof(ItemTable.Rows)] = rows,
                    [nameof(ItemTable.Sort)] = sort,
                    [nameof(ItemTable.Descending)] = descending,
                    [nameof(ItemTable.OnSort)] = onSort,
                };
                var output = await renderer.RenderComponentAsync<ItemTable>(ParameterView.FromDictionary(parameters));
                return output.ToHtmlString();
            });
            return (new HtmlParser().ParseDocument(html), html);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }
}
