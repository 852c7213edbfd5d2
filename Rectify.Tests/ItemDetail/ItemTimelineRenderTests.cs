using System.Globalization;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using Rectify.Web.Auditing;
using Rectify.Web.Components.Pages.Items.Detail;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;

namespace Rectify.Tests.ItemDetail;

public sealed class ItemTimelineRenderTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task Timeline_shows_progress_with_files_and_the_history_in_Chinese_newest_first()
    {
        var world = new LedgerWorld();
        var item = world.NewItem();
        var secretary = world.As(LedgerWorld.Office1Secretary);
        var leader = world.As(LedgerWorld.OfficeLeader);
        var report = item.AddProgress(secretary, LedgerWorld.Today, "组织支部党员集中学习3次。", 60, LedgerWorld.Today, LedgerWorld.Now);
        item.AttachEvidence(secretary, "学习签到表.pdf", "application/pdf", 2048, "2026/0123456789abcdef0123456789abcdef", LedgerWorld.Now, report.Id);
        item.RequestSignOff(secretary, "已建立月学习制度。", LedgerWorld.Now.AddHours(1));
        item.SendBack(leader, "缺少学习记录。", LedgerWorld.Now.AddHours(2));
        var audit = item.PendingAudit.Select((r, i) => { var e = AuditEntry.From(r); e.Id = i + 1; return e; }).Reverse().ToList();
        var names = new Dictionary<string, string> { [LedgerWorld.Office1Secretary.UserId] = "陈静", [LedgerWorld.OfficeLeader.UserId] = "李卫东" };
        var detail = new ItemDetailView(item, world.List, "机关第一党支部", names, new Dictionary<int, string> { [world.Office1.Id] = "机关第一党支部" }, audit);

        var html = await RenderAsync<ItemTimeline>(new Dictionary<string, object?> { [nameof(ItemTimeline.Detail)] = detail, [nameof(ItemTimeline.Zone)] = Shanghai });
        var document = new HtmlParser().ParseDocument(html);

        document.QuerySelector(".card-header")!.TextContent.ShouldBe("整改进展与操作记录");
        var entries = document.QuerySelectorAll("li[data-testid^=timeline]");
        // Newest first: sent back, sign-off requested, the progress card (its own audit entries are not repeated).
        entries.Select(e => e.GetAttribute("data-action") ?? "progress").ShouldBe(["item.sent_back", "item.signoff_requested", "progress"]);
        entries[0].QuerySelector(".badge")!.TextContent.ShouldBe("退回整改");
        entries[0].TextContent.ShouldContain("李卫东");
        entries[0].QuerySelector("[data-testid=audit-comment]")!.TextContent.ShouldBe("退回原因：缺少学习记录。");
        entries[0].TextContent.ShouldContain("状态：");
        entries[0].QuerySelector("del")!.TextContent.ShouldBe("待销号");
        entries[0].TextContent.ShouldContain("整改中");
        entries[1].QuerySelector(".badge")!.TextContent.ShouldBe("申请销号");
        entries[1].TextContent.ShouldContain("完成情况：");
        entries[1].TextContent.ShouldContain("已建立月学习制度。");
        entries[2].QuerySelector("[data-testid=progress-text]")!.TextContent.ShouldBe("组织支部党员集中学习3次。");
        entries[2].QuerySelector("[data-testid=progress-percent]")!.TextContent.ShouldBe("完成 60%");
        entries[2].TextContent.ShouldContain("2026年3月2日");
        var link = entries[2].QuerySelector("[data-testid=evidence-link]")!;
        link.TextContent.Trim().ShouldBe("学习签到表.pdf");
        link.GetAttribute("href").ShouldBe($"evidence/{item.Evidence.Single().Id}");
        html.ShouldNotContain("measureId");
        html.ShouldNotContain("Audit.");
        html.ShouldNotContain("ItemDetail.");
    }

    [Fact]
    public async Task Decision_history_shows_the_send_back_reason_and_the_deadline_an_extension_replaced()
    {
        var world = new LedgerWorld();
        var item = world.NewItem();
        var secretary = world.As(LedgerWorld.Office1Secretary);
        item.AddProgress(secretary, LedgerWorld.Today, "已开展学习。", null, LedgerWorld.Today, LedgerWorld.Now);
        var request = item.RequestExtension(secretary, LedgerWorld.Today.AddDays(60), "等待上级部署。", LedgerWorld.Today, LedgerWorld.Now);
        item.DecideExtension(world.As(LedgerWorld.OfficeLeader), request.Id, true, null, LedgerWorld.Now.AddHours(1));
        item.RequestSignOff(secretary, "已完成。", LedgerWorld.Now.AddHours(2));
        item.SendBack(world.As(LedgerWorld.OfficeLeader), "请补充会议记录。", LedgerWorld.Now.AddHours(3));
        var names = new Dictionary<string, string> { [LedgerWorld.OfficeLeader.UserId] = "李卫东", [LedgerWorld.Office1Secretary.UserId] = "陈静" };
        var detail = new ItemDetailView(item, world.List, "机关第一党支部", names, new Dictionary<int, string>(), []);

        var html = await RenderAsync<DecisionHistory>(new Dictionary<string, object?> { [nameof(DecisionHistory.Detail)] = detail, [nameof(DecisionHistory.Zone)] = Shanghai });
        var document = new HtmlParser().ParseDocument(html);

        var decision = document.QuerySelector("[data-testid=signoff-decision]")!;
        decision.QuerySelector(".badge")!.TextContent.ShouldBe("退回");
        decision.QuerySelector("[data-testid=signoff-reason]")!.TextContent.ShouldBe("退回原因：请补充会议记录。");
        var extension = document.QuerySelector("[data-testid=extension-request]")!;
        extension.QuerySelector(".badge")!.TextContent.ShouldBe("已同意");
        extension.QuerySelector("[data-testid=extension-dates]")!.TextContent.ShouldBe("2026年4月1日 → 2026年5月1日");
        extension.TextContent.ShouldContain("申请人：陈静");
        extension.TextContent.ShouldContain("审批人：李卫东");
    }

    [Theory]
    [InlineData("zh-CN", "系统")]
    [InlineData("en-US", "System")]
    public async Task The_scheduler_is_shown_in_the_readers_language_whatever_name_its_entries_stored(string culture, string shown)
    {
        // Since decision 0053 the scheduler's entries store the code "system"; entries written before stored 系统 and stay as
        // they are (the audit log is hash-chained). Both read as the scheduler in the reader's language.
        var world = new LedgerWorld();
        var item = world.SignedOffItem();
        item.Close(Rectify.Domain.Access.Actor.System, LedgerWorld.SignedOffAt.AddDays(3), 3).ShouldBeTrue();
        var closed = AuditEntry.From(item.PendingAudit.Single());
        closed.ActorName.ShouldBe("system");
        var before = AuditEntry.From(item.PendingAudit.Single());
        before.ActorName = "系统";
        before.At = closed.At.AddDays(-1);
        var detail = new ItemDetailView(item, world.List, "机关第一党支部", new Dictionary<string, string>(), new Dictionary<int, string>(), [closed, before]);

        var html = await RenderAsync<ItemTimeline>(new Dictionary<string, object?> { [nameof(ItemTimeline.Detail)] = detail, [nameof(ItemTimeline.Zone)] = Shanghai }, culture);

        var actors = new HtmlParser().ParseDocument(html).QuerySelectorAll("[data-testid=audit-actor]").Select(a => a.TextContent).ToList();
        actors.ShouldBe([shown, shown]);
    }

    private static async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters, string culture = "zh-CN")
        where TComponent : IComponent
    {
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var services = new ServiceCollection()
                .AddSingleton<TextCatalog>()
                .AddSingleton<IStringLocalizer<Text>, TextLocalizer>()
                .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
                .BuildServiceProvider();
            await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
            return await renderer.Dispatcher.InvokeAsync(async () =>
                (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
