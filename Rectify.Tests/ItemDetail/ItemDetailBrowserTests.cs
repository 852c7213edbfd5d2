using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Evidence;
using Rectify.Web.Ledger;
using static Microsoft.Playwright.Assertions;

namespace Rectify.Tests.ItemDetail;

/// <summary>What needs a real browser: uploads, the draft in the browser's storage, downloads, two circuits; and the HTTP status
/// codes of the item page and its evidence (over plain HTTP against the same running app).
/// The panels' behaviour (extension, reopening, editing, measures, sign-off) is tested without one in
/// <see cref="Components.ItemPagePanelTests"/>.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ItemDetailBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ItemDetailKit _app = new(browser);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Bad_uploads_are_refused_in_Chinese_and_change_nothing()
    {
        var itemId = await _app.CreateItemAsync("上传校验测试事项。");
        var before = await _app.LoadAsync(itemId);
        var filesBefore = _app.EvidenceFiles();
        var page = await _app.SignInAsync("secretary");
        await ItemDetailKit.OpenItemAsync(page, itemId);
        var message = page.Locator("[data-testid=message]");

        // Refused as soon as they are picked: nothing is read.
        await InputFileReadyAsync(page, "[data-testid=progress-files]");
        await page.SetInputFilesAsync("[data-testid=progress-files]", SampleFiles.File("空白照片.png", [], "image/png"));
        await Expect(message).ToHaveTextAsync("文件“空白照片.png”是空的（0 字节），未上传。");
        // Over the limit (20 MB): a file on disk, so the browser reads it locally instead of receiving 20 MB from the test.
        using var big = new TempFolder("rectify-upload");
        await using (var file = File.Create(big.File("会议记录.pdf")))
        {
            await file.WriteAsync(SampleFiles.Pdf);
            file.SetLength(_app.MaxFileBytes + 1);
        }

        await InputFileReadyAsync(page, "[data-testid=progress-files]");
        await page.SetInputFilesAsync("[data-testid=progress-files]", big.File("会议记录.pdf"));
        await Expect(message).ToHaveTextAsync("文件“会议记录.pdf”超过了 20 MB 的大小限制，未上传。");
        await InputFileReadyAsync(page, "[data-testid=progress-files]");
        await page.SetInputFilesAsync("[data-testid=progress-files]", SampleFiles.File("setup.exe", SampleFiles.Exe));
        await Expect(message).ToContainTextAsync("文件“setup.exe”的类型不允许上传。只能上传：");
        await Expect(page.Locator("[data-testid=progress-files-picked]")).ToHaveCountAsync(0);

        // A program renamed to .pdf passes the name check, so the progress report is refused when submitted: nothing is saved.
        await page.FillAsync("[data-testid=progress-text-input]", "上传了学习材料。");
        await InputFileReadyAsync(page, "[data-testid=progress-files]");
        await page.SetInputFilesAsync("[data-testid=progress-files]", SampleFiles.File("学习材料.pdf", SampleFiles.Exe, "application/pdf"));
        await page.ClickAsync("[data-testid=progress-submit]");
        await Expect(message).ToHaveTextAsync("文件“学习材料.pdf”的内容与扩展名不符（可能是改了扩展名的其他文件），未上传。");
        await Expect(page.Locator("[data-testid=progress-text-input]")).ToHaveValueAsync("上传了学习材料。");

        // The direct upload refuses the same way.
        await InputFileReadyAsync(page, "[data-testid=evidence-upload]");
        await page.SetInputFilesAsync("[data-testid=evidence-upload]", SampleFiles.File("tool.exe", SampleFiles.Exe));
        await Expect(message).ToContainTextAsync("文件“tool.exe”的类型不允许上传。");
        await InputFileReadyAsync(page, "[data-testid=evidence-upload]");
        await page.SetInputFilesAsync("[data-testid=evidence-upload]", SampleFiles.File("空文件.docx", [], "application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        await Expect(message).ToHaveTextAsync("文件“空文件.docx”是空的（0 字节），未上传。");

        var after = await _app.LoadAsync(itemId);
        after.Version.ShouldBe(before.Version);
        after.Evidence.ShouldBeEmpty();
        after.ProgressReports.ShouldBeEmpty();
        after.Status.ShouldBe(ItemStatus.Open);
        _app.EvidenceFiles().ShouldBe(filesBefore);
        await using var db = _app.App.CreateDbContext();
        (await db.Set<EvidenceFile>().CountAsync(e => EF.Property<Guid>(e, "ItemId") == itemId)).ShouldBe(0);
        await Expect(page.Locator("[data-testid=evidence-file]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Second_save_from_a_stale_page_is_refused_and_the_first_is_kept()
    {
        var itemId = await _app.CreateItemAsync("并发修改测试事项。");
        var first = await _app.SignInAsync("secretary");
        var second = await first.Context.NewPageAsync();
        await ItemDetailKit.OpenItemAsync(first, itemId);
        await ItemDetailKit.OpenItemAsync(second, itemId);

        await first.FillAsync("[data-testid=progress-text-input]", "第一个页面填报：已组织集中学习。");
        await first.ClickAsync("[data-testid=progress-submit]");
        await Expect(first.Locator("[data-testid=message]")).ToHaveTextAsync("整改进展已保存。");

        await second.FillAsync("[data-testid=progress-text-input]", "第二个页面填报：已开展专题研讨。");
        await second.ClickAsync("[data-testid=progress-submit]");
        await Expect(second.Locator("[data-testid=message]")).ToHaveTextAsync("该事项已被他人修改，您的操作未保存。请刷新页面后重试，他人已保存的内容不会丢失。");
        // The page now shows what the first saved, and what this user typed is still in the form.
        await Expect(second.Locator("[data-testid=timeline-progress]")).ToContainTextAsync("第一个页面填报：已组织集中学习。");
        await Expect(second.Locator("[data-testid=progress-text-input]")).ToHaveValueAsync("第二个页面填报：已开展专题研讨。");

        var item = await _app.LoadAsync(itemId);
        item.ProgressReports.Select(p => p.Text).ShouldBe(["第一个页面填报：已组织集中学习。"]);

        // Measures too: the stale page's tick is refused until it has the new version, then it works.
        await first.Locator("[data-testid=measure-done]").First.CheckAsync();
        await Expect(first.Locator("[data-testid=message]")).ToHaveTextAsync("已将该措施标记为完成。");
        await second.Locator("[data-testid=progress-submit]").ClickAsync();
        await Expect(second.Locator("[data-testid=message]")).ToContainTextAsync("该事项已被他人修改");
        await second.Locator("[data-testid=progress-submit]").ClickAsync();
        await Expect(second.Locator("[data-testid=message]")).ToHaveTextAsync("整改进展已保存。");
        item = await _app.LoadAsync(itemId);
        item.ProgressReports.Count.ShouldBe(2);
        item.Measures[0].Done.ShouldBeTrue();
    }

    [Fact]
    public async Task A_half_written_progress_report_survives_a_reload_and_is_forgotten_once_saved()
    {
        var itemId = await _app.CreateItemAsync("草稿保存测试事项。");
        var page = await _app.SignInAsync("secretary");
        await ItemDetailKit.OpenItemAsync(page, itemId);

        await page.Locator("[data-testid=progress-text-input]").PressSequentiallyAsync("本月已召开支部委员会", new() { Delay = 20 });
        await Expect(page.Locator("[data-testid=draft-state]")).ToHaveTextAsync("草稿已自动保存在本机浏览器。");
        // Saved 400 ms after the last key: a slow machine may have saved a first part already; wait for the whole text.
        await Expect(page.Locator("[data-testid=draft-state]")).ToHaveAttributeAsync("data-saved-chars", "本月已召开支部委员会".Length.ToString(CultureInfo.InvariantCulture));

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("[data-testid=progress-text-input]")).ToHaveValueAsync("本月已召开支部委员会");
        await Expect(page.Locator("[data-testid=draft-state]")).ToHaveTextAsync("已恢复上次未提交的草稿。");

        await page.ClickAsync("[data-testid=progress-submit]");
        await Expect(page.Locator("[data-testid=message]")).ToHaveTextAsync("整改进展已保存。");
        await Expect(page.Locator("[data-testid=progress-text-input]")).ToHaveValueAsync("");
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("[data-testid=timeline-progress]")).ToContainTextAsync("本月已召开支部委员会");
        await page.WaitForTimeoutAsync(300);
        await Expect(page.Locator("[data-testid=progress-text-input]")).ToHaveValueAsync("");

        // Another user's draft of the same item is their own.
        var admin = await _app.SignInAsync("admin");
        await ItemDetailKit.OpenItemAsync(admin, itemId);
        await Expect(admin.Locator("[data-testid=progress-text-input]")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_progress_report_saved_without_the_page_knowing_is_saved_once_when_the_restored_draft_is_sent_again()
    {
        var itemId = await _app.CreateItemAsync("答复丢失后重新提交测试事项。");
        var page = await _app.SignInAsync("secretary");
        await ItemDetailKit.OpenItemAsync(page, itemId);
        const string text = "已完成专项整治并形成台账";
        await page.Locator("[data-testid=progress-text-input]").PressSequentiallyAsync(text, new() { Delay = 20 });
        await Expect(page.Locator("[data-testid=draft-state]")).ToHaveAttributeAsync("data-saved-chars", text.Length.ToString(CultureInfo.InvariantCulture));
        var sent = await page.Locator("[data-testid=progress-submission-id]").EvaluateAsync<string>("e => e.value");
        Guid.TryParse(sent, out var submissionId).ShouldBeTrue(sent);

        // The administrator changes the item meanwhile, so this first send is refused as stale; the page keeps the form's id
        // with the text it sent (decision 0063).
        var admin = await _app.AccessAsync("admin");
        using (var scope = _app.App.Services.CreateScope())
        {
            var version = (await _app.LoadAsync(itemId)).Version;
            (await scope.ServiceProvider.GetRequiredService<ItemCommands>().RunAsync(admin, itemId, version,
                (item, access, _, now) => item.AddMeasure(access, "补充一项措施", null, null, now))).Status.ShouldBe(CommandStatus.Ok);
        }

        await page.ClickAsync("[data-testid=progress-submit]");
        await Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("该事项已被他人修改");

        // As if that send had been saved by an instance that died before answering: the report with the form's id exists,
        // and the page never learnt it.
        using (var scope = _app.App.Services.CreateScope())
        {
            var version = (await _app.LoadAsync(itemId)).Version;
            var saved = await scope.ServiceProvider.GetRequiredService<EvidenceUploads>().SubmitProgressAsync(
                await _app.AccessAsync("secretary"), itemId, version, new ProgressForm(null, text, null, submissionId), []);
            saved.Result.Status.ShouldBe(CommandStatus.Ok);
        }

        // The reloaded page restores the draft with the form's id; sent again, it is the report already saved.
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("[data-testid=draft-state]")).ToHaveTextAsync("已恢复上次未提交的草稿。");
        await Expect(page.Locator("[data-testid=progress-submission-id]")).ToHaveValueAsync(sent);
        await page.ClickAsync("[data-testid=progress-submit]");
        await Expect(page.Locator("[data-testid=message]")).ToHaveTextAsync("整改进展已保存。");
        await Expect(page.Locator("[data-testid=progress-text-input]")).ToHaveValueAsync("");
        var report = (await _app.LoadAsync(itemId)).ProgressReports.ShouldHaveSingleItem();
        report.SubmissionId.ShouldBe(submissionId);
        report.Text.ShouldBe(text);
        // The next report is a new form.
        (await page.Locator("[data-testid=progress-submission-id]").EvaluateAsync<string>("e => e.value")).ShouldNotBe(sent);
    }

    [Fact]
    public async Task Evidence_downloads_as_an_attachment_for_readers_and_403_for_another_branch()
    {
        var itemId = await _app.CreateItemAsync("下载测试事项。");
        var page = await _app.SignInAsync("secretary");
        await ItemDetailKit.OpenItemAsync(page, itemId);
        await page.SetInputFilesAsync("[data-testid=evidence-upload]", SampleFiles.File("支部学习计划.pdf", SampleFiles.Pdf, "application/pdf"));
        await Expect(page.Locator("[data-testid=message]")).ToHaveTextAsync("佐证材料已上传。");
        var evidenceId = (await _app.LoadAsync(itemId)).Evidence.Single().Id;
        (await page.Locator("[data-testid=evidence-file] [data-testid=evidence-link]").GetAttributeAsync("href")).ShouldBe($"evidence/{evidenceId}");

        var owner = await page.Context.APIRequest.GetAsync($"evidence/{evidenceId}");
        owner.Status.ShouldBe(200);
        owner.Headers["content-type"].ShouldBe("application/pdf");
        owner.Headers["x-content-type-options"].ShouldBe("nosniff");
        owner.Headers["content-disposition"].ShouldStartWith("attachment;");
        owner.Headers["content-disposition"].ShouldContain("filename*=UTF-8''" + Uri.EscapeDataString("支部学习计划.pdf"));
        (await owner.BodyAsync()).ShouldBe(SampleFiles.Pdf);

        // The leader assigned to the branch may read it too; the welfare home's secretary may not (plain HTTP: no page needed).
        using var leader = await SignedInHttpAsync("leader2");
        (await leader.GetAsync($"evidence/{evidenceId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var outsider = await SignedInHttpAsync("secretary2");
        var refused = await outsider.GetAsync($"evidence/{evidenceId}");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldBe("您无权下载该佐证材料：它所属的整改事项不在您的查看范围内。");
        (await outsider.GetAsync($"evidence/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Nobody signed in: sent to the login page, never the file.
        using var anonymous = Http();
        var response = await anonymous.GetAsync($"evidence/{evidenceId}");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task Item_page_answers_403_to_an_outsider_and_404_for_an_unknown_item()
    {
        var itemId = await _app.CreateItemAsync("访问控制测试事项。");
        using var outsider = await SignedInHttpAsync("secretary2");
        var direct = await outsider.GetAsync($"items/{itemId}");
        direct.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await direct.Content.ReadAsStringAsync();
        html.ShouldContain("您无权查看该整改事项");
        html.ShouldNotContain("访问控制测试事项");

        var unknown = await outsider.GetAsync($"items/{Guid.NewGuid()}");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The app's not-found page (status pages re-execute on 404) or the item page's own text: either says so in Chinese.
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("不存在或已被移除。");

        // The owner's own page is 200.
        using var owner = await SignedInHttpAsync("secretary");
        (await owner.GetAsync($"items/{itemId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// Waits until the file input is enabled and Blazor's InputFile script has attached its change handler to it: the panels
    /// render a fresh input after each attempt (@key), and files set before that handler is attached are never seen (under load
    /// the refusal's message could be on screen before the new input was ready).
    /// </summary>
    private static Task InputFileReadyAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync(
            "s => { const e = document.querySelector(s); return !!e && !e.disabled && e._blazorInputFileNextFileId !== undefined; }", selector);

    /// <summary>A plain HTTP client to the running app (no redirects followed, cookies sent by hand).</summary>
    private HttpClient Http() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_app.Browser.BaseUrl) };

    /// <summary>Signed in through the real login form over HTTP: status codes need no browser page or circuit.</summary>
    private async Task<HttpClient> SignedInHttpAsync(string userName)
    {
        var client = Http();
        client.DefaultRequestHeaders.Add("Cookie", await HttpSignIn.CookiesAsync(client, userName));
        return client;
    }
}
