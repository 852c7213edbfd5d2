using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rectify.Tests.Support;

namespace Rectify.Tests.Web;

/// <summary>
/// The documented multi-instance setup end to end: two real app processes on one PostgreSQL database behind Debian's nginx
/// running the shipped deploy/nginx-rectify.conf (only its ports changed), and a real Chromium (or an HTTP client) using it
/// through nginx's port.
/// </summary>
public sealed partial class NginxTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
    private readonly TempFolder _folder = new("rectify-nginx-data");
    private string _database = "";

    private void Step(string what) => output.WriteLine($"{_watch.Elapsed.TotalSeconds,6:F1} s  {what}");

    public async Task InitializeAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        await PostgresServer.DropDatabaseAsync(_database);
        _folder.Dispose();
    }

    [Fact]
    public async Task Through_the_sample_nginx_config_a_browser_keeps_to_one_instance_over_a_WebSocket_and_moves_signed_in_to_the_other_when_it_dies()
    {
        // What the test needs from Debian first, before the slow part.
        NginxServer.EnsureInstalled();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);

        var settings = ClusterTests.InstanceSettings(_database, _folder.Path, smtp: null); // jobs off: not what this test is about
        // Each instance logs the requests it serves ("Request starting HTTP/1.1 GET http://127.0.0.1/items ..."), so the test
        // can tell which instance nginx sent the browser to.
        settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        using var first = await AppProcess.StartAsync(settings);
        using var second = await AppProcess.StartAsync(settings);
        using var nginx = await NginxServer.StartAsync(first.Port, second.Port);
        Step($"instances on {first.Port} and {second.Port}, nginx on {nginx.Port}");
        try
        {
            var before = new Dictionary<AppProcess, int> { [first] = first.Output.Length, [second] = second.Output.Length };

            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = nginx.BaseAddress.ToString(),
                Locale = "zh-CN",
                TimezoneId = "Asia/Shanghai",
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            });
            context.SetDefaultTimeout(30_000);
            Assertions.SetDefaultExpectTimeout(15_000);
            var page = await context.NewPageAsync();
            // Every WebSocket the page opens, with the payloads it receives (Blazor's render batches are binary frames whose
            // string table holds the rendered text as UTF-8).
            var sockets = new List<(IWebSocket Socket, ConcurrentQueue<byte[]> Received)>();
            page.WebSocket += (_, socket) =>
            {
                var received = new ConcurrentQueue<byte[]>();
                socket.FrameReceived += (_, frame) => received.Enqueue(frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? ""));
                lock (sockets)
                {
                    sockets.Add((socket, received));
                }
            };

            // Signed in through nginx; the item list's filter is an interactive action that only works over the circuit.
            await BrowserFixture.SignInOnPageAsync(page, "secretary");
            await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("赵敏");
            await OpenItemsAsync(page);
            await Assertions.Expect(Row(page, "党建载体缺乏创新")).ToHaveCountAsync(1);
            var circuit = Last(sockets);
            await page.SelectOptionAsync("[data-testid=filter-due]", "Overdue");
            await Assertions.Expect(page.Locator("[data-testid=empty]")).ToHaveTextAsync("没有符合条件的整改事项。");
            await page.WaitForFunctionAsync("() => Object.keys(localStorage).some(k => k.startsWith('rectify.items.filter.'))");
            Step("signed in, filtered through nginx");

            // The circuit is a WebSocket through nginx's port (not long polling, not a direct connection), open, and the
            // filtered list came back over it.
            circuit.Socket.Url.ShouldStartWith($"ws://127.0.0.1:{nginx.Port}/_blazor?id=");
            circuit.Socket.IsClosed.ShouldBeFalse("the circuit's WebSocket through nginx stays open (without the Upgrade headers the script falls back to long polling)");
            Carried(circuit, "没有符合条件的整改事项").ShouldBeTrue("the re-rendered list arrived over the WebSocket");

            // ip_hash: every request of this browser reached one instance, the WebSocket upgrade included.
            var (home, other) = Served(first, before).Count > 0 ? (first, second) : (second, first);
            var homeRequests = Served(home, before);
            Served(other, before).ShouldBeEmpty($"ip_hash sends one client to one instance; {other.Port} served:\n{string.Join('\n', Served(other, before))}");
            homeRequests.ShouldContain("POST /Account/Login");
            homeRequests.ShouldContain("GET /items");
            homeRequests.ShouldContain(r => r.StartsWith("POST /_blazor/negotiate", StringComparison.Ordinal));
            homeRequests.ShouldContain(r => r.StartsWith("GET /_blazor?id=", StringComparison.Ordinal));
            homeRequests.ShouldNotContain(r => r.StartsWith("POST /_blazor?id=", StringComparison.Ordinal), "no long-polling sends");
            Step($"{homeRequests.Count} requests, all on {home.Port}");

            // The instance serving the browser dies. The page's script reconnects through nginx, which now reaches the other
            // instance; that one does not know the circuit and rejects it, so the page reloads itself — served by the survivor,
            // still signed in (Data Protection keys in the database), with a new circuit.
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            page.Load += (_, _) => reloaded.TrySetResult();
            await page.EvaluateAsync("() => window.rectifyBeforeFailover = true");
            var afterKill = other.Output.Length;
            var logAtKill = nginx.AccessLog.Length;
            home.Kill();
            Step($"killed {home.Port}");
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
            (await page.EvaluateAsync<bool>("() => window.rectifyBeforeFailover === true")).ShouldBeFalse("a new document was loaded");
            await BrowserFixture.WaitForCircuitAsync(page);
            Step("page reloaded on the survivor");

            page.Url.ShouldEndWith("/items", customMessage: "still signed in: not sent to the login page");
            await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("赵敏");
            // The remembered filter was protected by the dead instance and is read by the survivor (shared key ring).
            await Assertions.Expect(page.Locator("[data-testid=filter-due]")).ToHaveValueAsync("Overdue");
            await Assertions.Expect(page.Locator("[data-testid=empty]")).ToHaveTextAsync("没有符合条件的整改事项。");
            // The new circuit works.
            await page.ClickAsync("[data-testid=reset]");
            await Assertions.Expect(page.Locator("[data-testid=filter-due]")).ToHaveValueAsync("All");
            await Assertions.Expect(Row(page, "党建载体缺乏创新")).ToHaveCountAsync(1);

            var newCircuit = Last(sockets);
            newCircuit.Socket.ShouldNotBeSameAs(circuit.Socket);
            circuit.Socket.IsClosed.ShouldBeTrue();
            newCircuit.Socket.Url.ShouldStartWith($"ws://127.0.0.1:{nginx.Port}/_blazor?id=");
            newCircuit.Socket.IsClosed.ShouldBeFalse();
            Carried(newCircuit, "党建载体缺乏创新").ShouldBeTrue("the reset list arrived over the new WebSocket");
            var survivorRequests = Served(other, new Dictionary<AppProcess, int> { [other] = afterKill });
            survivorRequests.ShouldContain("GET /items");
            survivorRequests.ShouldContain(r => r.StartsWith("GET /_blazor?id=", StringComparison.Ordinal));
            home.HasExited.ShouldBeTrue();
            other.HasExited.ShouldBeFalse();

            // nginx's own record: the first circuit's WebSocket (logged when it closed) was upgraded (101) by the dead
            // instance; the reload went to the survivor.
            var log = nginx.AccessLog;
            log.ShouldContain($"\" 101 upstream=127.0.0.1:{home.Port}", customMessage: log);
            var reload = log.Split('\n').Last(l => l.StartsWith("\"GET /items ", StringComparison.Ordinal));
            reload.ShouldEndWith($"127.0.0.1:{other.Port}", customMessage: log);
            Step("done");
            // What nginx saw from the kill on (a POST caught by the dying instance is a 502 that the script retries).
            output.WriteLine(nginx.AccessLog[logAtKill..]);
        }
        catch
        {
            output.WriteLine($"nginx access log:\n{nginx.AccessLog}\nnginx error log:\n{nginx.ErrorLog}");
            output.WriteLine($"instance {first.Port}:\n{first.Output}\ninstance {second.Port}:\n{second.Output}");
            throw;
        }
    }

    [Fact]
    public async Task A_progress_POST_whose_instance_dies_before_answering_is_passed_to_the_other_instance_and_saved_once()
    {
        NginxServer.EnsureInstalled();
        var settings = ClusterTests.InstanceSettings(_database, _folder.Path, smtp: null);
        settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";
        using var first = await AppProcess.StartAsync(settings);
        using var second = await AppProcess.StartAsync(settings);
        // Between nginx and each instance a relay: armed, the first progress POST either sees reaches its instance, which saves
        // the report and answers; the relay keeps the answer, SIGKILLs that instance and breaks nginx's connection.
        var armed = new DyingRelay.Armed();
        AppProcess? died = null;
        using var relayFirst = DyingRelay.Start(first.Port, armed, "POST /items/", () => { died = first; first.Kill(); });
        using var relaySecond = DyingRelay.Start(second.Port, armed, "POST /items/", () => { died = second; second.Kill(); });
        using var nginx = await NginxServer.StartAsync(relayFirst.Port, relaySecond.Port);
        Step($"instances on {first.Port} and {second.Port} behind relays {relayFirst.Port} and {relaySecond.Port}, nginx on {nginx.Port}");
        try
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
            {
                BaseAddress = nginx.BaseAddress,
                Timeout = TimeSpan.FromMinutes(2),
            };
            var cookies = await HttpSignIn.CookiesAsync(client, "secretary");
            var (itemId, version) = await SecretarysOpenItemAsync();

            // The item page through nginx, as a browser opens it: the progress form's submission id and the antiforgery token.
            using var pageRequest = new HttpRequestMessage(HttpMethod.Get, $"items/{itemId}");
            pageRequest.Headers.Add("Cookie", cookies);
            using var page = await client.SendAsync(pageRequest);
            var html = await page.Content.ReadAsStringAsync();
            page.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            var submissionId = SubmissionId().Match(html).Groups[1].Value;
            submissionId.ShouldNotBeNullOrEmpty("the item page's progress form carries a submission id");
            var token = System.Net.WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);
            var set = page.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

            var before = await CountProgressAsync(itemId);
            armed.Arm();
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent(version.ToString(System.Globalization.CultureInfo.InvariantCulture)), "version" },
                { new StringContent("实例中断时提交的整改进展。"), "text" },
                { new StringContent("60"), "percent" },
                { new StringContent(submissionId), "submissionId" },
            };
            using var post = new HttpRequestMessage(HttpMethod.Post, $"items/{itemId}/progress") { Content = form };
            post.Headers.Add("Cookie", string.Join("; ", new[] { cookies }.Concat(set)));
            using var response = await client.SendAsync(post);
            var body = await response.Content.ReadAsStringAsync();
            Step($"POST answered {(int)response.StatusCode}: {body}");

            // The user sees the report saved: nginx passed the POST on to the survivor, which answered as the dead one had.
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, body);
            died.ShouldNotBeNull("the POST reached an instance that saved it and died before answering");
            died.HasExited.ShouldBeTrue();
            var survivor = died == first ? second : first;
            survivor.HasExited.ShouldBeFalse();
            var kept = relayFirst.Swallowed.Concat(relaySecond.Swallowed).ShouldHaveSingleItem();
            kept.ShouldStartWith("HTTP/1.1 200");
            using var answer = System.Text.Json.JsonDocument.Parse(body);
            kept.ShouldContain(answer.RootElement.GetProperty("reportId").GetGuid().ToString(), customMessage: "the same report as the dead instance saved");
            kept.ShouldContain($"\"version\":{answer.RootElement.GetProperty("version").GetInt32()}");
            var line = nginx.AccessLog.Split('\n').Single(l => l.StartsWith("\"POST /items/", StringComparison.Ordinal));
            line.ShouldContain($" 200 upstream=127.0.0.1:{(died == first ? relayFirst : relaySecond).Port}, 127.0.0.1:{(died == first ? relaySecond : relayFirst).Port}", customMessage: line);
            Served(survivor, new Dictionary<AppProcess, int> { [survivor] = 0 }).ShouldContain($"POST /items/{itemId}/progress");

            // Saved once: one report more, one audit entry more.
            var (reports, audits) = await CountProgressAsync(itemId);
            reports.ShouldBe(before.Reports + 1);
            audits.ShouldBe(before.Audits + 1);
            Step("one report, one audit entry");
        }
        catch
        {
            output.WriteLine($"nginx access log:\n{nginx.AccessLog}\nnginx error log:\n{nginx.ErrorLog}");
            output.WriteLine($"instance {first.Port}:\n{first.Output}\ninstance {second.Port}:\n{second.Output}");
            throw;
        }
    }

    /// <summary>An open item of 赵敏 ('secretary') in the demo ledger, and its version.</summary>
    private async Task<(Guid Id, int Version)> SecretarysOpenItemAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT i."Id", i."Version" FROM "RectificationItems" i JOIN "AspNetUsers" u ON u."Id" = i."OwnerId"
            WHERE u."UserName" = 'secretary' AND i."Status" IN (0, 1) ORDER BY i."Number" LIMIT 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue("the demo ledger has an open item of the secretary");
        return (reader.GetGuid(0), reader.GetInt32(1));
    }

    private async Task<(long Reports, long Audits)> CountProgressAsync(Guid itemId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM "ProgressReports" WHERE "ItemId" = @id),
                   (SELECT count(*) FROM "AuditEntries" WHERE "EntityId" = @text AND "Action" = 'item.progress_added')
            """, connection);
        command.Parameters.AddWithValue("id", itemId);
        command.Parameters.AddWithValue("text", itemId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [GeneratedRegex("name=\"submissionId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SubmissionId();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task OpenItemsAsync(IPage page)
    {
        await page.GotoAsync("items");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=total]")).ToBeVisibleAsync();
    }

    private static ILocator Row(IPage page, string text) => page.Locator("[data-testid=item-row]").Filter(new() { HasText = text });

    private static (IWebSocket Socket, ConcurrentQueue<byte[]> Received) Last(List<(IWebSocket Socket, ConcurrentQueue<byte[]> Received)> sockets)
    {
        lock (sockets)
        {
            sockets.ShouldNotBeEmpty("the page opened a WebSocket");
            return sockets[^1];
        }
    }

    /// <summary>Whether a frame received on the socket contains <paramref name="text"/> (UTF-8).</summary>
    private static bool Carried((IWebSocket Socket, ConcurrentQueue<byte[]> Received) socket, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return socket.Received.Any(frame => frame.AsSpan().IndexOf(bytes) >= 0);
    }

    /// <summary>"METHOD /path?query" of each request <paramref name="app"/> logged after the given output position.</summary>
    private static List<string> Served(AppProcess app, IReadOnlyDictionary<AppProcess, int> since) =>
        RequestStarting().Matches(app.Output[since[app]..]).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToList();

    [GeneratedRegex(@"Request starting HTTP/[\d.]+ (\w+) https?://[^/\s]+(/\S*)")]
    private static partial Regex RequestStarting();
}
