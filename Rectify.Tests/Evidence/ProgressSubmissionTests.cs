using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Auditing;
using Rectify.Domain.Ledger;
using Rectify.Tests.ItemDetail;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Evidence;

/// <summary>
/// POST /items/{id}/progress with the form's submission id (decision 0063), over HTTP as a browser's form sends it (the
/// id read from the item page's hidden field, the antiforgery token from the page): sent twice it saves one report and
/// answers the same both times — one after the other or at once — someone else's id is refused, and a form without an
/// id (a page from before) still adds a report each time. On SQLite (the browser collection's app, on Kestrel) and PostgreSQL.
/// </summary>
public abstract partial class ProgressSubmissionTests(ItemDetailKit kit, HttpClient client) : IAsyncLifetime
{
    private readonly ItemDetailKit _app = kit;
    private readonly HttpClient _client = client;

    [Collection(BrowserCollection.Name)]
    public sealed class OnSqlite(BrowserFixture browser)
        : ProgressSubmissionTests(new ItemDetailKit(browser), new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(browser.BaseUrl) });

    public sealed class OnPostgres(PostgresRectifyFactory app)
        : ProgressSubmissionTests(new ItemDetailKit(app), app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false })),
        IClassFixture<PostgresRectifyFactory>;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_same_form_sent_twice_saves_one_report_and_answers_the_same()
    {
        var itemId = await _app.CreateItemAsync("重复提交（同一表单）测试事项。");
        var secretary = await FormAsync("secretary", itemId);

        var first = await secretary.PostAsync(itemId, "召开专题会议，部署整改。", withFile: true);
        var replay = await secretary.PostAsync(itemId, "召开专题会议，部署整改。", withFile: true);

        first.Status.ShouldBe(HttpStatusCode.OK, first.Body);
        replay.Status.ShouldBe(HttpStatusCode.OK, replay.Body);
        replay.Body.ShouldBe(first.Body);
        var item = await _app.LoadAsync(itemId);
        var report = item.ProgressReports.ShouldHaveSingleItem();
        report.SubmissionId.ShouldBe(secretary.SubmissionId);
        item.Evidence.ShouldHaveSingleItem().ProgressReportId.ShouldBe(report.Id);
        // The answer: the item's version after the report and its file, and the report's id.
        var answer = JsonDocument.Parse(first.Body).RootElement;
        answer.GetProperty("version").GetInt32().ShouldBe(item.Version);
        answer.GetProperty("reportId").GetGuid().ShouldBe(report.Id);
        (await AuditCountAsync(itemId, AuditActions.ProgressAdded)).ShouldBe(1);
        (await AuditCountAsync(itemId, AuditActions.EvidenceAdded)).ShouldBe(1);

        // The item moves on (another report from a new form); the old form sent again still gets its own answer.
        var next = await FormAsync("secretary", itemId);
        (await next.PostAsync(itemId, "第二次进展。")).Status.ShouldBe(HttpStatusCode.OK);
        var late = await secretary.PostAsync(itemId, "召开专题会议，部署整改。", withFile: true);
        late.Status.ShouldBe(HttpStatusCode.OK, late.Body);
        late.Body.ShouldBe(first.Body);
        (await _app.LoadAsync(itemId)).ProgressReports.Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_same_form_sent_twice_at_once_saves_one_report()
    {
        for (var round = 0; round < 3; round++)
        {
            var itemId = await _app.CreateItemAsync($"同时重复提交测试事项 {round}。");
            var secretary = await FormAsync("secretary", itemId);

            var answers = await Task.WhenAll(
                secretary.PostAsync(itemId, "同时到达的同一表单。"),
                secretary.PostAsync(itemId, "同时到达的同一表单。"));

            answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK, string.Join(" | ", answers.Select(a => $"{a.Status} {a.Body}")));
            answers[1].Body.ShouldBe(answers[0].Body);
            var item = await _app.LoadAsync(itemId);
            item.ProgressReports.ShouldHaveSingleItem().Text.ShouldBe("同时到达的同一表单。");
            JsonDocument.Parse(answers[0].Body).RootElement.GetProperty("version").GetInt32().ShouldBe(item.Version);
            (await AuditCountAsync(itemId, AuditActions.ProgressAdded)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_second_report_with_a_saved_submission_id_is_refused_by_the_unique_index_as_a_conflict()
    {
        // What a second request meets when it passed every check while the first was committing: only the index is left.
        var itemId = await _app.CreateItemAsync("提交编号唯一索引测试事项。");
        var secretary = await _app.AccessAsync("secretary");
        var submissionId = Guid.NewGuid();
        using var scope = _app.App.Services.CreateScope();
        var commands = scope.ServiceProvider.GetRequiredService<ItemCommands>();
        var first = await commands.RunAsync(secretary, itemId, (await _app.LoadAsync(itemId)).Version,
            (item, access, today, now) => item.AddProgress(access, today, "第一次保存。", null, today, now, submissionId));
        first.Status.ShouldBe(CommandStatus.Ok);

        var second = await commands.RunAsync(secretary, itemId, first.Version,
            (item, access, today, now) => item.AddProgress(access, today, "同一编号的第二次保存。", null, today, now, submissionId));

        second.Status.ShouldBe(CommandStatus.Conflict);
        var item = await _app.LoadAsync(itemId);
        item.ProgressReports.ShouldHaveSingleItem().Text.ShouldBe("第一次保存。");
        item.Version.ShouldBe(first.Version);
        (await AuditCountAsync(itemId, AuditActions.ProgressAdded)).ShouldBe(1);
    }

    [Fact]
    public async Task Someone_elses_submission_id_is_refused()
    {
        var itemId = await _app.CreateItemAsync("他人重放提交编号测试事项。");
        var secretary = await FormAsync("secretary", itemId);
        (await secretary.PostAsync(itemId, "支部书记填报的进展。")).Status.ShouldBe(HttpStatusCode.OK);

        // The administrator may report progress on the item, with the current version, but not under the secretary's form.
        var admin = await FormAsync("admin", itemId);
        var stolen = await admin.PostAsync(itemId, "管理员冒用他人表单。", submissionId: secretary.SubmissionId);

        stolen.Status.ShouldBe(HttpStatusCode.Conflict);
        stolen.Body.ShouldBe("该事项已被他人修改，您的操作未保存。请刷新页面后重试，他人已保存的内容不会丢失。");
        var item = await _app.LoadAsync(itemId);
        item.ProgressReports.ShouldHaveSingleItem().Text.ShouldBe("支部书记填报的进展。");
        (await admin.PostAsync(itemId, "管理员用自己的表单。")).Status.ShouldBe(HttpStatusCode.OK);
        (await _app.LoadAsync(itemId)).ProgressReports.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_form_without_a_submission_id_adds_a_report_each_time()
    {
        var itemId = await _app.CreateItemAsync("旧页面（无提交编号）测试事项。");
        var secretary = await FormAsync("secretary", itemId);

        var first = await secretary.PostAsync(itemId, "旧页面的进展。", submissionId: Guid.Empty);
        var second = await secretary.PostAsync(itemId, "旧页面的进展。", submissionId: Guid.Empty);

        first.Status.ShouldBe(HttpStatusCode.OK, first.Body);
        second.Status.ShouldBe(HttpStatusCode.OK, second.Body);
        second.Body.ShouldNotBe(first.Body);
        var reports = (await _app.LoadAsync(itemId)).ProgressReports;
        reports.Count.ShouldBe(2);
        reports.ShouldAllBe(r => r.SubmissionId == null);
        (await AuditCountAsync(itemId, AuditActions.ProgressAdded)).ShouldBe(2);

        // A stale version without an id is the conflict it always was.
        var stale = await secretary.PostAsync(itemId, "旧页面的第三次。", submissionId: Guid.Empty, version: 1);
        stale.Status.ShouldBe(HttpStatusCode.Conflict);
    }

    private async Task<int> AuditCountAsync(Guid itemId, string action)
    {
        await using var db = _app.App.CreateDbContext();
        var id = itemId.ToString();
        return await db.AuditEntries.CountAsync(a => a.EntityId == id && a.Action == action);
    }

    /// <summary>Signs in and opens the item page as a browser does: its submission id and antiforgery token.</summary>
    private async Task<ProgressFormClient> FormAsync(string user, Guid itemId)
    {
        var cookies = await HttpSignIn.CookiesAsync(_client, user);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/items/{itemId}");
        request.Headers.Add("Cookie", cookies);
        using var page = await _client.SendAsync(request);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        var submission = SubmissionPattern().Match(html);
        submission.Success.ShouldBeTrue("the item page's progress form carries a submission id");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        token.ShouldNotBeNullOrEmpty();
        var set = page.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];
        return new ProgressFormClient(_app, _client, string.Join("; ", new[] { cookies }.Concat(set)), token, Guid.Parse(submission.Groups[1].Value));
    }

    private sealed class ProgressFormClient(ItemDetailKit app, HttpClient client, string cookies, string token, Guid submissionId)
    {
        private int? _version;

        public Guid SubmissionId { get; } = submissionId;

        /// <summary>
        /// Sends the form with the version the item had when the form was first sent, as a browser re-sending it does;
        /// <paramref name="submissionId"/> Guid.Empty: without the field (a page from before), each post a new form.
        /// </summary>
        public async Task<(HttpStatusCode Status, string Body)> PostAsync(Guid itemId, string text, bool withFile = false, Guid? submissionId = null, int? version = null)
        {
            var id = submissionId ?? SubmissionId;
            var sent = version ?? (id == Guid.Empty ? (await app.LoadAsync(itemId)).Version : _version ??= (await app.LoadAsync(itemId)).Version);
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent(sent.ToString(CultureInfo.InvariantCulture)), "version" },
                { new StringContent(text), "text" },
                { new StringContent("40"), "percent" },
            };
            if (id != Guid.Empty)
            {
                form.Add(new StringContent(id.ToString()), "submissionId");
            }

            if (withFile)
            {
                form.Add(new ByteArrayContent(SampleFiles.Png), "files", "会议照片.png");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, $"/items/{itemId}/progress") { Content = form };
            request.Headers.Add("Cookie", cookies);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    [GeneratedRegex("name=\"submissionId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SubmissionPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
