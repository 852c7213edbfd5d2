using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Evidence;
using Rectify.Web.Ledger;
using static Microsoft.Playwright.Assertions;

namespace Rectify.Tests.ItemDetail;

[Collection(BrowserCollection.Name)]
public sealed class ItemDetailScreenshotTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ItemDetailKit _app = new(browser);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// docs/screenshots/item-detail.png: 张伟 (leader2) on an item waiting for his sign-off, 1280×900.
    /// Written into the repository only with RECTIFY_WRITE_SCREENSHOTS=1 (otherwise to a temp file), so test runs leave the tree clean.
    /// </summary>
    [Fact]
    public async Task Leader_on_an_item_awaiting_sign_off()
    {
        var store = _app.App.Services.GetRequiredService<EvidenceStore>();
        var photo = (await store.SaveAsync("集中学习现场照片.png", SampleFiles.Png.Length, new MemoryStream(SampleFiles.Png))).File!;
        var minutes = (await store.SaveAsync("支部集中学习会议记录.pdf", SampleFiles.Pdf.Length, new MemoryStream(SampleFiles.Pdf))).File!;
        var itemId = await _app.CreateItemAsync("党员学习教育还需加强，理论学习存在“学用脱节”现象，学习形式单一，学习效果不明显。", (item, @as, today, now) =>
        {
            var secretary = @as("secretary");
            item.AddMeasure(@as("admin"), "开展“学习强国”积分比学活动，每季度通报一次", null, today.AddDays(25), now.AddDays(-20));
            item.SetMeasureDone(secretary, item.Measures[0].Id, true, now.AddDays(-9));
            var first = item.AddProgress(secretary, today.AddDays(-12), "制定支部年度学习计划，组织集中学习2次，开展专题研讨1次。", 50, today, now.AddDays(-12));
            item.AttachEvidence(secretary, photo.FileName, photo.ContentType, photo.Size, photo.StorageKey, now.AddDays(-12), first.Id);
            item.RequestSignOff(secretary, "已制定学习计划并按计划开展集中学习。", now.AddDays(-8));
            item.SendBack(@as("leader2"), "缺少集中学习的会议记录，请补充佐证材料后再申请。", now.AddDays(-7));
            var second = item.AddProgress(secretary, today.AddDays(-2), "补充整理了3次集中学习的会议记录和签到表，“学习强国”积分比学已通报一次。", 100, today, now.AddDays(-2));
            item.AttachEvidence(secretary, minutes.FileName, minutes.ContentType, minutes.Size, minutes.StorageKey, now.AddDays(-2), second.Id);
            item.RequestSignOff(secretary, "支部年度学习计划已落实，集中学习3次、专题研讨1次，会议记录和签到表已归档，积分比学每季度通报。", now.AddDays(-1));
        }, ageDays: 30);

        var leader = await _app.SignInAsync("leader2", new() { Width = 1280, Height = 900 });
        await ItemDetailKit.OpenItemAsync(leader, itemId);
        await Expect(leader.Locator("[data-testid=awaiting-notice]")).ToHaveTextAsync("该事项已申请销号，等待您审核。");
        await Expect(leader.Locator("[data-testid=signoff-decision-form]")).ToBeVisibleAsync();
        await leader.EvaluateAsync("document.fonts.ready");

        var path = Environment.GetEnvironmentVariable("RECTIFY_WRITE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots", "item-detail.png")
            : Path.Combine(Path.GetTempPath(), $"item-detail-{Guid.NewGuid():N}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await leader.ScreenshotAsync(new() { Path = path });
        new FileInfo(path).Length.ShouldBeGreaterThan(10_000);

        // Phone-sized: one column, the decision still reachable.
        var phone = await _app.SignInAsync("leader2", new() { Width = 390, Height = 844 });
        await ItemDetailKit.OpenItemAsync(phone, itemId);
        await Expect(phone.Locator("[data-testid=approve-submit]")).ToBeVisibleAsync();
        var box = await phone.Locator("[data-testid=item-header]").BoundingBoxAsync();
        box!.Width.ShouldBeLessThanOrEqualTo(390);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rectify.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Rectify.sln not found above " + AppContext.BaseDirectory);
    }
}
