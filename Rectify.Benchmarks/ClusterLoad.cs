using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Rectify.Benchmarks;

/// <summary>
/// The load of bench/cluster-load.sh, through nginx: signed-in users of every role (administrators, the top leader, 包抓 leaders,
/// secretaries) open item lists, items and the overview and post progress reports (POST /items/{id}/progress, the endpoint of
/// the item page's plain form, after opening the item page for its form's submission id, decision 0063), each with a think time; plus Blazor circuits held open in headless Chromium (<see cref="CircuitTabs"/>).
/// Every HTTP user connects from its own loopback address (127.0.k.1), so nginx's ip_hash, which hashes the first three octets,
/// spreads them over both instances as it would spread real clients. Every request is written to requests.csv (start and end
/// in Unix ms, user, page, status, outcome); at the end the summary counts errors, separating those in flight when an instance
/// was killed (started before the time in the kill file, failed after it) from all others.
/// </summary>
public static partial class ClusterLoad
{
    private const string Password = "Rectify@2026";

    public static async Task<int> RunAsync(string baseUrl, int seconds, string outDir)
    {
        var users = Env("RECTIFY_LOAD_USERS", 24);
        var circuits = Env("RECTIFY_LOAD_CIRCUITS", 300);
        var thinkMs = Env("RECTIFY_LOAD_THINK_MS", 2000);
        var connection = Environment.GetEnvironmentVariable("RECTIFY_LOAD_DB")
            ?? throw new InvalidOperationException("Set RECTIFY_LOAD_DB to the database's connection string (to choose users and items).");
        Directory.CreateDirectory(outDir);
        var killFile = Path.Combine(outDir, "killed-at");

        var roster = await RosterAsync(connection, users);
        Console.WriteLine($"{roster.Count} HTTP users: {string.Join(", ", roster.GroupBy(u => u.Role).Select(g => $"{g.Count()} {g.Key}"))}; {circuits} circuits; think time ≈ {thinkMs} ms");

        // The circuits first (opening hundreds of tabs takes minutes on a busy machine); then the users, for SECONDS.
        // RECTIFY_LOAD_HOLDER=chromium: headless Chromium tabs (CircuitTabs); by default clients speaking Blazor's protocol
        // (ProtocolCircuits, decision 0058), light enough for a few hundred circuits on two cores.
        var openFor = TimeSpan.FromSeconds(Env("RECTIFY_LOAD_OPEN_SECONDS", 600));
        var chromium = Environment.GetEnvironmentVariable("RECTIFY_LOAD_HOLDER") == "chromium";
        await using var tabs = chromium ? await CircuitTabs.OpenAsync(baseUrl, circuits, openFor) : null;
        await using var clients = chromium ? null : await ProtocolCircuits.OpenAsync(baseUrl, circuits, openFor, Env("RECTIFY_LOAD_OPEN_PARALLEL", 10));
        Console.Write(clients?.Report);
        var log = new ConcurrentQueue<RequestRecord>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        await File.WriteAllTextAsync(Path.Combine(outDir, "load-started"), DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var watch = tabs is not null ? tabs.WatchAsync(killFile, deadline) : clients!.WatchAsync(killFile, deadline);
        await Task.WhenAll(roster.Select((u, i) => RunUserAsync(baseUrl, u, i, thinkMs, deadline, log)));
        var circuitReport = await watch;

        var records = log.OrderBy(r => r.Start).ToList();
        await using (var csv = new StreamWriter(Path.Combine(outDir, "requests.csv")))
        {
            await csv.WriteLineAsync("start_ms,end_ms,user,role,page,status,ok,detail");
            foreach (var r in records)
            {
                await csv.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Start},{r.End},{r.User},{r.Role},{r.Page},{r.Status},{(r.Ok ? 1 : 0)},\"{r.Detail.Replace('"', '\'')}\""));
            }
        }

        long? killedAt = File.Exists(killFile) && long.TryParse((await File.ReadAllTextAsync(killFile)).Trim(), CultureInfo.InvariantCulture, out var k) ? k : null;
        var summary = Summarize(records, killedAt) + circuitReport + "\n";
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.txt"), summary);
        Console.Write(summary);
        return records.Any(r => !r.Ok && !InFlight(r, killedAt)) ? 1 : 0;
    }

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;

    /// <summary>Failed, started before the kill and ended after it: a request the killed instance was serving.</summary>
    private static bool InFlight(RequestRecord r, long? killedAt) => killedAt is { } k && r.Start <= k && r.End >= k;

    private static string Summarize(List<RequestRecord> records, long? killedAt)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{records.Count} requests, {records.Count(r => !r.Ok)} failed: {records.Count(r => !r.Ok && InFlight(r, killedAt))} in flight at the kill, {records.Count(r => !r.Ok && !InFlight(r, killedAt))} other errors");
        text.AppendLine(killedAt is { } k ? $"instance killed at {DateTimeOffset.FromUnixTimeMilliseconds(k):HH:mm:ss.fff} UTC" : "no instance was killed");
        text.AppendLine("page            requests  errors   p50 ms   p95 ms   max ms   p95 after the kill");
        foreach (var page in records.GroupBy(r => r.Page).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ok = page.Where(r => r.Ok).Select(r => (double)(r.End - r.Start)).Order().ToList();
            var after = page.Where(r => r.Ok && killedAt is { } kk && r.Start > kk).Select(r => (double)(r.End - r.Start)).Order().ToList();
            text.AppendLine(inv, $"{page.Key,-15} {page.Count(),8} {page.Count(r => !r.Ok),7} {Percentile(ok, 50),8:F0} {Percentile(ok, 95),8:F0} {(ok.Count > 0 ? ok[^1] : 0),8:F0} {(after.Count > 0 ? Percentile(after, 95).ToString("F0", inv) : "-"),10}");
        }

        foreach (var error in records.Where(r => !r.Ok).Take(40))
        {
            text.AppendLine(inv, $"  error {DateTimeOffset.FromUnixTimeMilliseconds(error.Start):HH:mm:ss.fff}–{DateTimeOffset.FromUnixTimeMilliseconds(error.End):HH:mm:ss.fff} {error.User} {error.Page} {error.Status} {(InFlight(error, killedAt) ? "(in flight at the kill)" : "")} {error.Detail}");
        }

        return text.ToString();
    }

    private static double Percentile(List<double> sorted, int p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task RunUserAsync(string baseUrl, LoadUser user, int index, int thinkMs, DateTimeOffset deadline, ConcurrentQueue<RequestRecord> log)
    {
        // 127.0.(index+1).1: a different /24 per user, which is what ip_hash looks at.
        var local = new IPAddress([127, 0, (byte)(index % 250 + 1), 1]);
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
        var random = new Random(index * 7919 + 17);
        await Task.Delay(random.Next(0, thinkMs * 2));

        string? token = null;
        var signedIn = await Record(log, user, "sign-in", async () =>
        {
            var login = await client.GetStringAsync("Account/Login");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(login).Groups[1].Value),
                ["Input.UserName"] = user.Name,
                ["Input.Password"] = Password,
            });
            using var response = await client.PostAsync("Account/Login", form);
            var cookies = handler.CookieContainer.GetCookies(client.BaseAddress!);
            if (response.StatusCode != HttpStatusCode.Redirect || cookies["Rectify.Auth"] is null)
            {
                return ((int)response.StatusCode, false, "no sign-in cookie");
            }

            if (user.Role == "secretary")
            {
                // The antiforgery token a page's form carries (any signed-in page with a form will do).
                var page = await client.GetStringAsync("Account/Manage/ChangePassword");
                token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
            }

            return (302, true, "");
        });
        if (!signedIn)
        {
            return;
        }

        var versions = new Dictionary<Guid, int>();
        while (DateTimeOffset.UtcNow < deadline)
        {
            var action = Pick(user.Role, random);
            switch (action)
            {
                case "progress" when token is not null && user.Workable.Count > 0:
                    var item = user.Workable[random.Next(user.Workable.Count)];
                    // As a browser: the item page first (recorded as an item page), whose progress form carries the
                    // submission id (decision 0063) in its hidden field; then the form is sent.
                    string? submissionId = null;
                    await Record(log, user, "item", async () =>
                    {
                        using var response = await client.GetAsync($"items/{item.Id}");
                        var body = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            return ((int)response.StatusCode, false, $"items/{item.Id} → {response.Headers.Location}");
                        }

                        submissionId = SubmissionPattern().Match(body) is { Success: true } m ? m.Groups[1].Value : null;
                        return submissionId is null || !body.Contains("data-testid=\"item-actions\"", StringComparison.Ordinal)
                            ? (200, false, $"items/{item.Id}: page without its progress form's submission id")
                            : (200, true, "");
                    });
                    if (submissionId is null)
                    {
                        break;
                    }

                    await Record(log, user, action, async () =>
                    {
                        var version = versions.TryGetValue(item.Id, out var v) ? v : item.Version;
                        using var form = new MultipartFormDataContent
                        {
                            { new StringContent(token), "__RequestVerificationToken" },
                            { new StringContent(version.ToString(CultureInfo.InvariantCulture)), "version" },
                            { new StringContent($"压力测试进展 {DateTimeOffset.UtcNow:HH:mm:ss}：已召开专题会议研究整改措施。"), "text" },
                            { new StringContent(random.Next(10, 90).ToString(CultureInfo.InvariantCulture)), "percent" },
                            { new StringContent(submissionId), "submissionId" },
                        };
                        using var response = await client.PostAsync($"items/{item.Id}/progress", form);
                        var body = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            return ((int)response.StatusCode, false, body.Length > 120 ? body[..120] : body);
                        }

                        versions[item.Id] = JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32();
                        return (200, true, "");
                    });
                    break;
                default:
                    var path = PathOf(action, user, random);
                    await Record(log, user, action, async () =>
                    {
                        using var response = await client.GetAsync(path);
                        var body = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            return ((int)response.StatusCode, false, $"{path} → {response.Headers.Location}");
                        }

                        // Signed in and the page's content, not the login form or an error page.
                        string[] expected = action.StartsWith("list", StringComparison.Ordinal) ? ["data-testid=\"item-table\"", "data-testid=\"empty\""]
                            : action == "item" ? ["data-testid=\"item-actions\""] : ["data-testid=\"kpis\""];
                        return body.Contains("Input.UserName", StringComparison.Ordinal) || !expected.Any(e => body.Contains(e, StringComparison.Ordinal))
                            ? (200, false, $"{path}: page without {expected[0]}")
                            : (200, true, "");
                    });
                    break;
            }

            await Task.Delay(random.Next(thinkMs / 2, thinkMs * 3 / 2));
        }
    }

    private static string Pick(string role, Random random)
    {
        (string Page, int Weight)[] mix = role switch
        {
            "secretary" => [("list-overdue", 20), ("list-all", 15), ("item", 30), ("progress", 35)],
            "leader" => [("list-overdue", 25), ("list-all", 10), ("list-filtered", 15), ("list-branch", 15), ("item", 20), ("overview", 15)],
            _ => [("list-overdue", 25), ("list-all", 15), ("list-filtered", 15), ("list-branch", 10), ("item", 20), ("overview", 15)],
        };
        var roll = random.Next(mix.Sum(m => m.Weight));
        foreach (var (page, weight) in mix)
        {
            if ((roll -= weight) < 0)
            {
                return page;
            }
        }

        return mix[0].Page;
    }

    private static string PathOf(string action, LoadUser user, Random random) => action switch
    {
        "list-overdue" => "items?due=Overdue",
        "list-all" => "items?due=All",
        "list-filtered" => "items?status=InProgress&category=" + Uri.EscapeDataString("作风建设"),
        "list-branch" => $"items?org={user.Branches[random.Next(user.Branches.Count)]}",
        "item" => $"items/{user.Items[random.Next(user.Items.Count)]}",
        _ => "overview",
    };

    private static async Task<bool> Record(ConcurrentQueue<RequestRecord> log, LoadUser user, string page, Func<Task<(int Status, bool Ok, string Detail)>> request)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (int Status, bool Ok, string Detail) outcome;
        try
        {
            outcome = await request();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            outcome = (0, false, $"{e.GetType().Name}: {e.Message}");
        }

        log.Enqueue(new RequestRecord(start, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), user.Name, user.Role, page, outcome.Status, outcome.Ok, outcome.Detail));
        return outcome.Ok;
    }

    /// <summary>The users and the items each of them works with, read from the database before the run.</summary>
    private static async Task<List<LoadUser>> RosterAsync(string connectionString, int count)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var admins = Math.Max(1, count / 8);
        var leaders = Math.Max(1, count / 4);
        var secretaries = Math.Max(1, count - admins - 1 - leaders);

        var everyItem = await ColumnAsync<Guid>(db, "SELECT \"Id\" FROM \"RectificationItems\" TABLESAMPLE SYSTEM (1) LIMIT 500");
        var allBranches = await ColumnAsync<int>(db, "SELECT \"Id\" FROM \"Organizations\" WHERE \"ParentId\" IS NOT NULL ORDER BY \"Id\" LIMIT 200");
        var roster = new List<LoadUser>();
        foreach (var name in await ColumnAsync<string>(db, $"""
            SELECT u."UserName" FROM "AspNetUsers" u JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id" JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
            WHERE r."Name" = 'Admin' ORDER BY u."UserName" <> 'bench.admin', u."UserName" LIMIT {admins}
            """))
        {
            roster.Add(new LoadUser(name, "admin", everyItem, allBranches, []));
        }

        roster.Add(new LoadUser("bench.leader", "top-leader", everyItem, allBranches, []));
        foreach (var (name, org) in await PairsAsync(db, $"""
            SELECT u."UserName", a."OrganizationId" FROM "AspNetUsers" u JOIN "LeaderAssignments" a ON a."UserId" = u."Id"
            ORDER BY u."UserName" <> 'bench.leader2', u."UserName" LIMIT {leaders}
            """))
        {
            var scope = await ColumnAsync<int>(db, $"SELECT \"Id\" FROM \"Organizations\" WHERE \"Id\" = {org} OR \"ParentId\" = {org}");
            var items = await ColumnAsync<Guid>(db, $"SELECT \"Id\" FROM \"RectificationItems\" WHERE \"ResponsibleOrganizationId\" IN ({string.Join(',', scope)}) LIMIT 300");
            roster.Add(new LoadUser(name, "leader", items, scope, []));
        }

        foreach (var (name, org) in await PairsAsync(db, $"""
            SELECT u."UserName", u."OrganizationId" FROM "AspNetUsers" u JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id" JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
            WHERE r."Name" = 'Secretary' AND EXISTS (SELECT 1 FROM "RectificationItems" i WHERE i."ResponsibleOrganizationId" = u."OrganizationId" AND i."Status" IN (0, 1))
            ORDER BY u."UserName" <> 'bench.secretary', u."UserName" LIMIT {secretaries}
            """))
        {
            var workable = new List<LoadItem>();
            await using (var command = new NpgsqlCommand($"SELECT \"Id\", \"Version\" FROM \"RectificationItems\" WHERE \"ResponsibleOrganizationId\" = {org} AND \"Status\" IN (0, 1) LIMIT 40", db))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    workable.Add(new LoadItem(reader.GetGuid(0), reader.GetInt32(1)));
                }
            }

            roster.Add(new LoadUser(name, "secretary", workable.Select(w => w.Id).ToList(), [org], workable));
        }

        return roster;
    }

    private static async Task<List<T>> ColumnAsync<T>(NpgsqlConnection db, string sql)
    {
        var values = new List<T>();
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private static async Task<List<(string Name, int Org)>> PairsAsync(NpgsqlConnection db, string sql)
    {
        var values = new List<(string, int)>();
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return values;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"submissionId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SubmissionPattern();

    private sealed record LoadItem(Guid Id, int Version);

    private sealed record LoadUser(string Name, string Role, List<Guid> Items, List<int> Branches, List<LoadItem> Workable);

    private sealed record RequestRecord(long Start, long End, string User, string Role, string Page, int Status, bool Ok, string Detail);
}
