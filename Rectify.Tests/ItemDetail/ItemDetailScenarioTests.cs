using Microsoft.Playwright;
using Rectify.Domain.Ledger;
using static Microsoft.Playwright.Assertions;

using Rectify.Tests.Support;

namespace Rectify.Tests.ItemDetail;

[Collection(BrowserCollection.Name)]
public sealed class ItemDetailScenarioTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ItemDetailKit _app = new(browser);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Secretary_reports_with_a_file_asks_sign_off_leader_sends_back_then_approves_and_another_branch_gets_403()
    {
        var itemId = await _app.CreateItemAsync("理论学习流于形式，学用结合不紧密（场景测试）。");

        // 赵敏 (secretary) opens the item, reports progress with a photo and asks for sign-off.
        var secretary = await _app.SignInAsync("secretary");
        await ItemDetailKit.OpenItemAsync(secretary, itemId);
        await Expect(secretary.Locator("[data-testid=item-description]")).ToHaveTextAsync("理论学习流于形式，学用结合不紧密（场景测试）。");
        await Expect(secretary.Locator("[data-testid=item-header] [data-status]")).ToHaveTextAsync("待整改");
        await secretary.FillAsync("[data-testid=progress-text-input]", "组织支部党员集中学习2次，开展专题研讨1次。");
        await secretary.FillAsync("[data-testid=progress-percent-input]", "80");
        await secretary.SetInputFilesAsync("[data-testid=progress-files]", SampleFiles.File("学习现场照片.png", SampleFiles.Png, "image/png"));
        await Expect(secretary.Locator("[data-testid=progress-files-picked]")).ToContainTextAsync("学习现场照片.png");
        await secretary.ClickAsync("[data-testid=progress-submit]");
        await Expect(secretary.Locator("[data-testid=message]")).ToHaveTextAsync("整改进展和佐证材料已保存。");
        var progress = secretary.Locator("[data-testid=timeline-progress]");
        await Expect(progress).ToContainTextAsync("组织支部党员集中学习2次，开展专题研讨1次。");
        await Expect(progress).ToContainTextAsync("完成 80%");
        await Expect(progress.Locator("[data-testid=evidence-link]")).ToHaveTextAsync("学习现场照片.png");
        await Expect(secretary.Locator("[data-testid=item-header] [data-status]")).ToHaveTextAsync("整改中");

        await secretary.FillAsync("[data-testid=signoff-summary]", "已建立支部月学习制度，集中学习按计划开展。");
        await secretary.ClickAsync("[data-testid=signoff-request-submit]");
        await Expect(secretary.Locator("[data-testid=message]")).ToHaveTextAsync("已提交销号申请，等待领导审核。");
        await Expect(secretary.Locator("[data-testid=item-header] [data-status]")).ToHaveTextAsync("待销号");
        await Expect(secretary.Locator("[data-testid=progress-form]")).ToHaveCountAsync(0);

        // 张伟 (leader2, 包抓 the branch) sees it waiting for him; sending back without a reason is refused and changes nothing.
        var leader = await _app.SignInAsync("leader2");
        await ItemDetailKit.OpenItemAsync(leader, itemId);
        await Expect(leader.Locator("[data-testid=awaiting-notice]")).ToHaveTextAsync("该事项已申请销号，等待您审核。");
        await Expect(leader.Locator("[data-testid=signoff-decision-form]")).ToContainTextAsync("已建立支部月学习制度，集中学习按计划开展。");
        var versionBefore = (await _app.LoadAsync(itemId)).Version;
        await leader.ClickAsync("[data-testid=sendback-submit]");
        await Expect(leader.Locator("[data-testid=message]")).ToHaveTextAsync("退回原因不能为空。");
        (await _app.LoadAsync(itemId)).Version.ShouldBe(versionBefore);
        await Expect(leader.Locator("[data-testid=item-header] [data-status]")).ToHaveTextAsync("待销号");

        await leader.FillAsync("[data-testid=sendback-reason-input]", "缺少集中学习的会议记录，请补充佐证材料。");
        await leader.ClickAsync("[data-testid=sendback-submit]");
        await Expect(leader.Locator("[data-testid=message]")).ToHaveTextAsync("已退回，责任人将看到退回原因。");
        await Expect(leader.Locator("[data-testid=item-header] [data-status]")).ToHaveTextAsync("整改中");

        // The secretary sees the reason, adds the minutes and asks again.
        await ItemDetailKit.OpenItemAsync(secretary, itemId);
        await Expect(secretary.Locator("[data-testid=sendback-notice]")).ToContainTextAsync("缺少集中学习的会议记录，请补充佐证材料。");
        await Expect(secretary.Locator("[data-testid=signoff-history] [data-testid=signoff-reason]")).ToContainTextAsync("缺少集中学习的会议记录");
        await Expect(secretary.Locator("[data-testid=timeline-audit][data-action='item.sent_back']")).ToContainTextAsync("退回整改");
        await secretary.SetInputFilesAsync("[data-testid=evidence-upload]", SampleFiles.File("集中学习会议记录.pdf", SampleFiles.Pdf, "application/pdf"));
        await Expect(secretary.Locator("[data-testid=message]")).ToHaveTextAsync("佐证材料已上传。");
        await Expect(secretary.Locator("[data-testid=evidence-file]")).ToHaveCountAsync(2);
        await Expect(secretary.Locator("[data-testid=signoff-summary]")).ToHaveValueAsync("已建立支部月学习制度，集中学习按计划开展。");
        await secretary.FillAsync("[data-testid=signoff-summary]", "已建立支部月学习制度，集中学习按计划开展，会议记录已补充。");
        await secretary.ClickAsync("[data-testid=signoff-request-submit]");
        await Expect(secretary.Locator("[data-testid=message]")).ToHaveTextAsync("已提交销号申请，等待领导审核。");

        // The leader approves: the item shows 已审核.
        await ItemDetailKit.OpenItemAsync(leader, itemId);
        await Expect(leader.Locator("[data-testid=signoff-decision-form]")).ToContainTextAsync("会议记录已补充");
        await leader.ClickAsync("[data-testid=approve-submit]");
        await Expect(leader.Locator("[data-testid=message]")).ToHaveTextAsync("已审核通过，该事项将按规定销号。");
        await Expect(leader.Locator("[data-testid=item-header] [data-status]")).ToHaveTextAsync("已审核");
        await ItemDetailKit.OpenItemAsync(secretary, itemId);
        await Expect(secretary.Locator("[data-testid=item-header] [data-status]")).ToHaveTextAsync("已审核");
        await Expect(secretary.Locator("[data-testid=signoff-decision]")).ToHaveCountAsync(2);

        var item = await _app.LoadAsync(itemId);
        item.Status.ShouldBe(ItemStatus.SignedOff);
        item.Evidence.Count.ShouldBe(2);
        item.SignOffDecisions.Count(d => !d.Approved).ShouldBe(1);

        // 刘洋 (secretary2, another branch) opening the item's URL gets 403 and a Chinese explanation.
        var outsider = await _app.SignInAsync("secretary2");
        var response = await ItemDetailKit.OpenItemAsync(outsider, itemId);
        response!.Status.ShouldBe(403);
        await Expect(outsider.Locator("[data-testid=forbidden]")).ToContainTextAsync("无权访问");
        await Expect(outsider.Locator("[data-testid=forbidden]")).ToContainTextAsync("您无权查看该整改事项");
        await Expect(outsider.Locator("[data-testid=item-description]")).ToHaveCountAsync(0);
        (await outsider.ContentAsync()).ShouldNotContain("理论学习流于形式");
    }
}
