using System.Globalization;
using System.Net;
using Rectify.Tests.Security;
using Rectify.Tests.Support;
using Rectify.Web.Evidence;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Uploads;

/// <summary>
/// Issue 20 §4: what one upload and one user per hour may send, on an app with small limits, served by Kestrel on a
/// loopback port so that the server's own request-size limit applies as in production. Every refusal is a Chinese message
/// and leaves nothing in the evidence folder.
/// </summary>
public sealed class EvidenceUploadLimitTests : IAsyncLifetime
{
    private readonly SecurityApp _app = new(new Dictionary<string, string?>
    {
        ["Evidence:MaxFileBytes"] = "102400",
        ["Evidence:MaxUploadBytes"] = "204800",
        ["Evidence:MaxFilesPerUserPerHour"] = "3",
        ["Evidence:MaxBytesPerUserPerHour"] = "10485760",
    }, kestrel: true);

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_oversized_form_upload_gets_the_Chinese_message_not_a_bare_413_and_nothing_is_written()
    {
        var item = await _app.CreateItemAsync(SecurityApp.Stage.InProgress);
        using var watch = EvidenceWatch.On(_app.App);

        // 2 MB: past the request limit (MaxUploadBytes + 1 MB for the form itself); the client waits for 100-continue, as
        // curl does for large bodies, so the server can answer before the body is sent.
        var response = await _app.PostFormAsync("secretary", $"/items/{item.Id}/progress",
            [new("version", item.Version.ToString(CultureInfo.InvariantCulture)), new("text", "超大文件")],
            [("扫描件.pdf", [.. "%PDF-1.7\n"u8, .. new byte[2 * 1024 * 1024]])], expectContinue: true);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldBe("上传的内容超过了 200 KB 的上限（每次最多 10 个文件，每个不超过 100 KB），未保存任何内容。");
        watch.Created.ShouldBeEmpty();
        (await _app.LoadAsync(item.Id)).ProgressReports.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Files_that_together_exceed_one_uploads_limit_are_refused_before_any_is_written()
    {
        var item = await _app.CreateItemAsync(SecurityApp.Stage.InProgress);
        await using var scope = await _app.ScopeAsync("secretary");
        using var watch = EvidenceWatch.On(_app.App);
        var files = Enumerable.Range(1, 3).Select(i => new PickedFile($"扫描件{i}.pdf", 90 * 1024, _ => new MemoryStream([.. "%PDF-1.7\n"u8, .. new byte[(90 * 1024) - 9]]))).ToList();

        var result = await scope.Get<EvidenceUploads>().RunAsync(item.Id, item.Version, files, (_, _, _, _) => null);

        result.Status.ShouldBe(CommandStatus.Invalid);
        result.Message.ShouldBe("上传的内容超过了 200 KB 的上限（每次最多 10 个文件，每个不超过 100 KB），未保存任何内容。");
        watch.Created.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_hourly_bound_refuses_with_a_message_and_saves_nothing()
    {
        var item = await _app.CreateItemAsync(SecurityApp.Stage.InProgress);
        await using var own = await _app.ScopeAsync("secretary");
        var uploads = own.Get<EvidenceUploads>();
        var version = item.Version;
        PickedFile Png(int i) => new($"照片{i}.png", SecurityApp.Png.Length, _ => new MemoryStream(SecurityApp.Png));

        for (var i = 1; i <= 3; i++)
        {
            var ok = await uploads.RunAsync(item.Id, version, [Png(i)], (_, _, _, _) => null);
            ok.Succeeded.ShouldBeTrue(ok.Message);
            version = ok.Version;
        }

        using var watch = EvidenceWatch.On(_app.App);
        var refused = await uploads.RunAsync(item.Id, version, [Png(4)], (_, _, _, _) => null);

        refused.Status.ShouldBe(CommandStatus.RateLimited);
        refused.Message.ShouldBe("您在过去一小时内已上传 3 个文件（共 210 B），再上传将超过每小时 3 个文件、10 MB 的上限，未保存。请稍后再试。");
        watch.Created.ShouldBeEmpty();
        (await _app.LoadAsync(item.Id)).Evidence.Count.ShouldBe(3);

        // The same bound holds on the form endpoint; another user is not affected by it.
        var form = await _app.PostFormAsync("secretary", $"/items/{item.Id}/progress",
            [new("version", version.ToString(CultureInfo.InvariantCulture)), new("text", "第四个文件")], [("照片4.png", SecurityApp.Png)]);
        form.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await form.Content.ReadAsStringAsync()).ShouldBe(refused.Message);
        var admin = await _app.PostFormAsync("admin", $"/items/{item.Id}/progress",
            [new("version", version.ToString(CultureInfo.InvariantCulture)), new("text", "管理员补充材料")], [("照片.png", SecurityApp.Png)]);
        admin.StatusCode.ShouldBe(HttpStatusCode.OK, await admin.Content.ReadAsStringAsync());
    }
}
