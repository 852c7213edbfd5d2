using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.ItemDetail;
using Rectify.Tests.Support;
using ItemDetailPage = Rectify.Web.Components.Pages.Items.ItemDetail;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Components;

/// <summary>
/// The item page's panels, rendered with bUnit on the real app's services and SQLite file: which panels each person sees in
/// each state (exactly what the domain allows), and what each panel does when used.
/// </summary>
[Collection(ComponentCollection.Name)]
public sealed class ItemPagePanelTests(ComponentTestApp app) : IAsyncLifetime
{
    /// <summary>Each action's panel (or form inside a panel), by the data-testid the page gives it.</summary>
    private static readonly IReadOnlyDictionary<ItemAction, string> PanelOf = new Dictionary<ItemAction, string>
    {
        [ItemAction.EditMeasures] = "measure-form",
        [ItemAction.AddProgress] = "progress-form",
        [ItemAction.AttachEvidence] = "evidence-upload",
        [ItemAction.RequestSignOff] = "signoff-request-form",
        [ItemAction.DecideSignOff] = "signoff-decision-form",
        [ItemAction.RequestExtension] = "extension-request-form",
        [ItemAction.DecideExtension] = "extension-decision-form",
        [ItemAction.Reopen] = "reopen-form",
        [ItemAction.EditDetails] = "edit-form",
        [ItemAction.MarkRecurrence] = "recurrence-panel",
    };

    private static readonly SemaphoreSlim StatesLock = new(1, 1);
    private static Dictionary<string, Guid>? _states;

    private readonly ItemDetailKit _kit = new(app.App);
    private readonly List<BunitContext> _contexts = [];

    public static TheoryData<string, string> StatesAndRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in new[] { "open", "in-progress", "extension-pending", "long-term", "awaiting-sign-off", "signed-off", "closed" })
        {
            foreach (var role in new[] { "admin", "leader", "leader2", ComponentTestApp.OtherLeader, "secretary", "secretary2", ComponentTestApp.MeasureOwner })
            {
                data.Add(state, role);
            }
        }

        return data;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(StatesAndRoles))]
    public async Task The_panels_shown_are_exactly_the_actions_the_domain_allows(string state, string role)
    {
        var itemId = (await StatesAsync())[state];
        var item = await _kit.LoadAsync(itemId);
        var access = await _kit.AccessAsync(role);
        var allowed = item.AvailableActions(access);

        var readable = ItemAccess.CanRead(access.Actor, item, access.Organizations);
        var page = await OpenAsync(role, itemId, expectHeader: readable);

        // Someone who may not read the item sees the refusal and no panel; the domain offers them nothing either.
        page.FindAll("[data-testid=forbidden]").Count.ShouldBe(readable ? 0 : 1);
        var shown = PanelOf.Where(p => page.FindAll($"[data-testid={p.Value}]").Count > 0).Select(p => p.Key).ToHashSet();
        shown.ShouldBe(allowed, ignoreOrder: true, $"{role} on a {state} item");
        var ticks = page.FindAll("[data-testid=measure-done]").Select(box => !box.HasAttribute("disabled")).ToList();
        ticks.ShouldBe(readable ? item.Measures.Select(m => item.CanSetMeasureDone(access, m)).ToList() : []);
        var notices = page.FindAll("[data-testid=awaiting-notice]").Select(n => n.TextContent).ToList();
        notices.ShouldBe(item.Status != ItemStatus.AwaitingSignOff || !readable ? []
            : [allowed.Contains(ItemAction.DecideSignOff) ? "该事项已申请销号，等待您审核。" : "该事项已申请销号，等待领导审核。"]);
    }

    [Fact]
    public async Task The_responsible_leader_approves_a_sign_off_and_the_decision_panel_goes_away()
    {
        var itemId = await CreateAsync("awaiting-sign-off");
        var page = await OpenAsync("leader2", itemId);

        page.Find("[data-testid=approve-submit]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("已审核通过，该事项将按规定销号。"));
        page.Find("[data-testid=message]").GetAttribute("data-kind").ShouldBe("success");
        page.FindAll("[data-testid=signoff-decision-form]").ShouldBeEmpty();
        (await _kit.LoadAsync(itemId)).Status.ShouldBe(ItemStatus.SignedOff);
    }

    [Fact]
    public async Task Sending_back_without_a_reason_is_refused_in_Chinese_and_changes_nothing()
    {
        var itemId = await CreateAsync("awaiting-sign-off");
        var version = (await _kit.LoadAsync(itemId)).Version;
        var page = await OpenAsync("leader", itemId);

        page.Find("[data-testid=sendback-submit]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").GetAttribute("data-kind").ShouldBe("danger"));
        page.Find("[data-testid=message]").TextContent.ShouldContain("退回原因");
        page.FindAll("[data-testid=signoff-decision-form]").Count.ShouldBe(1);
        (await _kit.LoadAsync(itemId)).Version.ShouldBe(version);
    }

    [Fact]
    public async Task Sending_back_with_a_reason_shows_the_owner_the_reason()
    {
        var itemId = await CreateAsync("awaiting-sign-off");
        var leaderPage = await OpenAsync("leader2", itemId);

        leaderPage.Find("[data-testid=sendback-reason-input]").Change("请补充会议记录。");
        leaderPage.Find("[data-testid=sendback-submit]").Click();
        leaderPage.WaitForAssertion(() => leaderPage.Find("[data-testid=message]").GetAttribute("data-kind").ShouldBe("success"));

        var ownerPage = await OpenAsync("secretary", itemId);
        ownerPage.Find("[data-testid=sendback-notice]").TextContent.ShouldContain("请补充会议记录。");
        ownerPage.Find("[data-testid=signoff-summary]").GetAttribute("value").ShouldBe("已建立支部月学习制度。");
    }

    [Fact]
    public async Task A_decision_on_a_page_someone_else_changed_meanwhile_is_refused_as_a_conflict()
    {
        var itemId = await CreateAsync("awaiting-sign-off");
        var page = await OpenAsync("leader2", itemId);
        var other = await app.App.Services.CreateScope().ServiceProvider.GetRequiredService<ItemCommands>()
            .RunAsync(await _kit.AccessAsync("leader"), itemId, (await _kit.LoadAsync(itemId)).Version,
                (item, access, _, now) => item.SendBack(access, "材料不全。", now));
        other.Succeeded.ShouldBeTrue();

        page.Find("[data-testid=approve-submit]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").GetAttribute("data-kind").ShouldBe("warning"));
        // The page shows what the other person saved: the item is back in progress and nothing is left to decide.
        page.WaitForAssertion(() => page.FindAll("[data-testid=signoff-decision-form]").ShouldBeEmpty());
        (await _kit.LoadAsync(itemId)).Status.ShouldBe(ItemStatus.InProgress);
    }

    [Fact]
    public async Task The_owner_asks_for_more_time_and_a_leader_then_sees_the_request_to_decide()
    {
        var itemId = await CreateAsync("in-progress");
        var page = await OpenAsync("secretary", itemId);
        page.FindAll("[data-testid=extension-date]").ShouldBeEmpty();
        page.Find("[data-testid=extension-toggle]").Click();

        page.Find("[data-testid=extension-submit]").Click();
        page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("请选择申请延期后的整改时限。");

        var deadline = (await _kit.LoadAsync(itemId)).Deadline!.Value;
        page.Find("[data-testid=extension-date]").Change(deadline.AddDays(-1).ToString("yyyy-MM-dd"));
        page.Find("[data-testid=extension-reason]").Change("等待上级统一部署。");
        page.Find("[data-testid=extension-submit]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.ShouldContain("延期后的时限必须晚于当前整改时限"));

        page.Find("[data-testid=extension-date]").Change(deadline.AddDays(30).ToString("yyyy-MM-dd"));
        page.Find("[data-testid=extension-submit]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("已提交延期申请，等待领导审批。"));
        page.FindAll("[data-testid=extension-request-form]").ShouldBeEmpty();
        page.FindAll("[data-testid=extension-decision-form]").ShouldBeEmpty();
        var leaderPage = await OpenAsync("leader2", itemId);
        leaderPage.Find("[data-testid=extension-decision-form]").TextContent.ShouldContain("等待上级统一部署。");
    }

    [Fact]
    public async Task Refusing_an_extension_needs_a_comment_and_keeps_the_deadline()
    {
        var itemId = await CreateAsync("extension-pending");
        var deadline = (await _kit.LoadAsync(itemId)).Deadline;
        var page = await OpenAsync("leader2", itemId);

        page.Find("[data-testid=extension-refuse]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("不同意延期时，请填写审核意见。"));
        page.Find("[data-testid=extension-comment-input]").Change("时限内可以完成，不同意延期。");
        page.Find("[data-testid=extension-refuse]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("已不同意该延期申请。"));
        page.FindAll("[data-testid=extension-decision-form]").ShouldBeEmpty();
        var history = page.Find("[data-testid=extension-request]");
        history.TextContent.ShouldContain("未同意");
        history.QuerySelector("[data-testid=extension-dates]")!.TextContent.ShouldContain("→");
        history.QuerySelector("[data-testid=extension-comment]")!.TextContent.ShouldContain("时限内可以完成");
        (await _kit.LoadAsync(itemId)).Deadline.ShouldBe(deadline);
    }

    [Fact]
    public async Task An_empty_measure_is_refused_in_Chinese()
    {
        var itemId = await CreateAsync("in-progress");
        var page = await OpenAsync("secretary", itemId);

        page.Find("[data-testid=measure-submit]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("整改措施不能为空。"));
        page.FindAll("[data-testid=measure]").Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_owner_adds_a_measure_and_the_measure_owner_ticks_their_own()
    {
        var itemId = await CreateAsync("in-progress");
        var page = await OpenAsync("secretary", itemId);

        page.Find("[data-testid=measure-text]").Change("召开专题组织生活会");
        page.Find("[data-testid=measure-submit]").Click();

        page.WaitForAssertion(() => page.FindAll("[data-testid=measure]").Count.ShouldBe(3));
        page.Find("[data-testid=message]").GetAttribute("data-kind").ShouldBe("success");
        page.FindAll("[data-testid=measure] label").Select(l => l.TextContent).ShouldContain("召开专题组织生活会");

        var ownerPage = await OpenAsync(ComponentTestApp.MeasureOwner, itemId);
        var boxes = ownerPage.FindAll("[data-testid=measure-done]");
        boxes.Count(b => !b.HasAttribute("disabled")).ShouldBe(1);
        boxes.Single(b => !b.HasAttribute("disabled")).Change(true);
        ownerPage.WaitForAssertion(() => ownerPage.FindAll("[data-testid=measure][data-done=true]").Count.ShouldBe(1));
        ownerPage.FindAll("[data-testid=measure-form]").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_owner_writes_progress_and_it_appears_in_the_timeline()
    {
        var itemId = await CreateAsync("open");
        var page = await OpenAsync("secretary", itemId);
        page.FindAll("[data-testid=signoff-request-form]").ShouldBeEmpty();

        page.Find("[data-testid=progress-text-input]").Input("组织支部党员集中学习3次。");
        page.Find("[data-testid=progress-percent-input]").Change("40");
        page.Find("[data-testid=progress-submit]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("整改进展已保存。"));
        page.Find("[data-testid=progress-text]").TextContent.ShouldBe("组织支部党员集中学习3次。");
        page.Find("[data-testid=progress-text-input]").GetAttribute("value").ShouldBeNullOrEmpty();
        // Now in progress with a report: the owner may ask for sign-off.
        page.FindAll("[data-testid=signoff-request-form]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_administrator_edits_the_description_and_the_header_shows_it()
    {
        var itemId = await CreateAsync("in-progress");
        var page = await OpenAsync("admin", itemId);
        page.FindAll("[data-testid=edit-description]").ShouldBeEmpty();
        page.Find("[data-testid=edit-toggle]").Click();

        page.Find("[data-testid=edit-description]").Change("学习形式单一，效果不明显。");
        page.Find("[data-testid=edit-remarks]").Change("巡察后重新整改");
        page.Find("[data-testid=edit-submit]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("事项信息已保存。"));
        page.Find("[data-testid=item-description]").TextContent.ShouldBe("学习形式单一，效果不明显。");
        page.Find("[data-testid=timeline-audit][data-action='item.updated']").TextContent.ShouldContain("备注：");
        (await _kit.LoadAsync(itemId)).Remarks.ShouldBe("巡察后重新整改");
        page.FindAll("[data-testid=edit-description]").ShouldBeEmpty();
        await using var db = app.App.CreateDbContext();
        var key = itemId.ToString();
        (await db.AuditEntries.CountAsync(a => a.EntityId == key && a.Action == "item.updated")).ShouldBe(1);
    }

    [Fact]
    public async Task The_administrator_reopens_a_closed_item_with_a_reason()
    {
        var itemId = await CreateAsync("closed");
        var page = await OpenAsync("admin", itemId);
        page.Find("[data-testid=reopen-toggle]").Click();

        page.Find("[data-testid=reopen-submit]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("重新打开的原因不能为空。"));
        page.Find("[data-testid=reopen-reason]").Change("巡察发现问题仍然存在。");
        page.Find("[data-testid=reopen-submit]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=message]").TextContent.Trim().ShouldBe("该事项已重新打开，状态改为整改中。"));
        page.Find("[data-testid=item-header] [data-status]").TextContent.ShouldBe("整改中");
        page.Find("[data-testid=timeline-audit][data-action='item.reopened']").TextContent.ShouldContain("巡察发现问题仍然存在。");
        page.FindAll("[data-testid=reopen-form]").ShouldBeEmpty();
        page.FindAll("[data-testid=progress-form]").Count.ShouldBe(1);
        (await _kit.LoadAsync(itemId)).Status.ShouldBe(ItemStatus.InProgress);
    }

    private async Task<IRenderedComponent<ItemDetailPage>> OpenAsync(string userName, Guid itemId, bool expectHeader = true)
    {
        var context = await app.SignInAsync(userName);
        _contexts.Add(context);
        var page = context.Render<ItemDetailPage>(p => p.Add(c => c.Id, itemId));
        page.WaitForElement(expectHeader ? "[data-testid=item-header]" : "[data-testid=forbidden]");
        return page;
    }

    private async Task<Dictionary<string, Guid>> StatesAsync()
    {
        await StatesLock.WaitAsync();
        try
        {
            if (_states is null)
            {
                var states = new Dictionary<string, Guid>();
                foreach (var state in new[] { "open", "in-progress", "extension-pending", "long-term", "awaiting-sign-off", "signed-off", "closed" })
                {
                    states[state] = await CreateAsync(state);
                }

                _states = states;
            }

            return _states;
        }
        finally
        {
            StatesLock.Release();
        }
    }

    /// <summary>An item of 机关第一党支部 (owner 赵敏, leader 张伟) in <paramref name="state"/>, with a second measure owned by 吴芳.</summary>
    private async Task<Guid> CreateAsync(string state)
    {
        var measureOwner = (await _kit.AccessAsync(ComponentTestApp.MeasureOwner)).Actor.UserId;
        var itemId = await _kit.CreateItemAsync($"理论学习不够深入（{state}）", (item, person, today, now) =>
        {
            item.AddMeasure(person("admin"), "撰写学习心得", measureOwner, today.AddDays(10), now);
            if (state == "open")
            {
                return;
            }

            if (state == "long-term")
            {
                item.UpdateDetails(person("admin"), new ItemDetails(item.Description, item.Category, item.ResponsibleOrganizationId,
                    item.OwnerId, item.LeaderId, DeadlineType.LongTerm, null, ReportingPeriod.Monthly), today, now);
            }

            item.AddProgress(person("secretary"), today, "组织支部党员集中学习3次。", 30, today, now);
            if (state == "extension-pending")
            {
                item.RequestExtension(person("secretary"), item.Deadline!.Value.AddDays(30), "等待上级统一部署。", today, now);
            }

            if (state is "awaiting-sign-off" or "signed-off" or "closed")
            {
                item.RequestSignOff(person("secretary"), "已建立支部月学习制度。", now);
            }

            if (state is "signed-off" or "closed")
            {
                item.ApproveSignOff(person("leader2"), now);
            }

            if (state == "closed")
            {
                item.Close(Actor.System, now, 0);
            }
        });
        return itemId;
    }
}
