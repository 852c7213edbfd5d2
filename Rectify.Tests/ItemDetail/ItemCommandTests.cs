using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Web.Evidence;
using Rectify.Web.Ledger;

using Rectify.Tests.Support;

namespace Rectify.Tests.ItemDetail;

/// <summary>The services behind the detail page's actions, without a browser, on SQLite (the browser collection's app) and PostgreSQL.</summary>
public abstract class ItemCommandTests(ItemDetailKit kit) : IAsyncLifetime
{
    private readonly ItemDetailKit _app = kit;

    [Collection(BrowserCollection.Name)]
    public sealed class OnSqlite(BrowserFixture browser) : ItemCommandTests(new ItemDetailKit(browser));

    public sealed class OnPostgres(PostgresRectifyFactory app) : ItemCommandTests(new ItemDetailKit(app)), IClassFixture<PostgresRectifyFactory>;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Two_saves_from_the_same_version_the_second_is_refused_and_the_first_is_kept()
    {
        var itemId = await _app.CreateItemAsync("并发保存（服务）测试事项。");
        var version = (await _app.LoadAsync(itemId)).Version;
        var secretary = await _app.AccessAsync("secretary");
        var admin = await _app.AccessAsync("admin");
        using var scope = _app.App.Services.CreateScope();
        var commands = scope.ServiceProvider.GetRequiredService<ItemCommands>();

        var first = await commands.RunAsync(secretary, itemId, version, (item, access, today, now) => item.AddProgress(access, today, "第一次保存。", 10, today, now));
        var second = await commands.RunAsync(admin, itemId, version, (item, access, today, now) => item.AddMeasure(access, "第二次保存的措施。", null, null, now));

        first.Status.ShouldBe(CommandStatus.Ok);
        second.Status.ShouldBe(CommandStatus.Conflict);
        second.Message.ShouldBe("该事项已被他人修改，您的操作未保存。请刷新页面后重试，他人已保存的内容不会丢失。");
        var saved = await _app.LoadAsync(itemId);
        saved.ProgressReports.Single().Text.ShouldBe("第一次保存。");
        saved.Measures.ShouldNotContain(m => m.Text == "第二次保存的措施。");
        saved.Version.ShouldBe(first.Version);
    }

    [Fact]
    public async Task Files_are_deleted_again_when_the_action_is_refused()
    {
        var itemId = await _app.CreateItemAsync("上传回滚测试事项。");
        var version = (await _app.LoadAsync(itemId)).Version;
        var filesBefore = _app.EvidenceFiles();
        using var scope = _app.App.Services.CreateScope();
        var uploads = scope.ServiceProvider.GetRequiredService<EvidenceUploads>();
        PickedFile Photo() => new("现场照片.png", SampleFiles.Png.Length, _ => new MemoryStream(SampleFiles.Png));

        // Empty progress text: the domain refuses, the photo already written is removed.
        var invalid = await uploads.RunAsync(await _app.AccessAsync("secretary"), itemId, version, [Photo()],
            (item, access, today, now) => item.AddProgress(access, today, " ", null, today, now).Id);
        invalid.Status.ShouldBe(CommandStatus.Invalid);
        invalid.Message.ShouldBe("整改进展不能为空。");

        // Another branch's secretary may not even read the item.
        var forbidden = await uploads.RunAsync(await _app.AccessAsync("secretary2"), itemId, version, [Photo()], (_, _, _, _) => null);
        forbidden.Status.ShouldBe(CommandStatus.Forbidden);

        // A stale version.
        var stale = await uploads.RunAsync(await _app.AccessAsync("secretary"), itemId, version - 1, [Photo()], (_, _, _, _) => null);
        stale.Status.ShouldBe(CommandStatus.Conflict);

        // A good file after a bad one: neither is kept.
        var mixed = await uploads.RunAsync(await _app.AccessAsync("secretary"), itemId, version,
            [Photo(), new PickedFile("说明.pdf", SampleFiles.Exe.Length, _ => new MemoryStream(SampleFiles.Exe))], (_, _, _, _) => null);
        mixed.Status.ShouldBe(CommandStatus.Invalid);

        _app.EvidenceFiles().ShouldBe(filesBefore);
        var item = await _app.LoadAsync(itemId);
        item.Version.ShouldBe(version);
        item.Evidence.ShouldBeEmpty();

        // And a good one is kept, tied to its progress report.
        var ok = await uploads.RunAsync(await _app.AccessAsync("secretary"), itemId, version, [Photo()],
            (i, access, today, now) => i.AddProgress(access, today, "已整改。", null, today, now).Id);
        ok.Status.ShouldBe(CommandStatus.Ok);
        item = await _app.LoadAsync(itemId);
        item.Evidence.Single().ProgressReportId.ShouldBe(item.ProgressReports.Single().Id);
        _app.EvidenceFiles().Length.ShouldBe(filesBefore.Length + 1);
    }
}
