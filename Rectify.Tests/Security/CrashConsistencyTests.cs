using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Rectify.Tests.Support;
using Xunit.Abstractions;

namespace Rectify.Tests.Security;

/// <summary>
/// The real server as its own process (dotnet Rectify.Web.dll), a burst of progress reports with evidence over HTTP, then
/// SIGKILL in the middle. After a restart: the database is intact, every acknowledged report is there, the evidence
/// folder holds neither half-written uploads nor files without a record, and the audit chain verifies.
/// </summary>
public sealed partial class CrashConsistencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_server_mid_burst_loses_no_acknowledged_write_and_leaves_no_debris()
    {
        using var data = new TempFolder("rectify-crash");
        var port = FreePort();
        var server = Start(data.Path, port);
        var acknowledged = new ConcurrentBag<string>();
        try
        {
            using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilServingAsync(client, server);
            var auth = await HttpSignIn.CookiesAsync(client, "secretary");
            using var form = new HttpRequestMessage(HttpMethod.Get, "/Account/Manage/ChangePassword");
            form.Headers.Add("Cookie", auth);
            var formResponse = await client.SendAsync(form);
            var token = WebUtility.HtmlDecode(TokenPattern().Match(await formResponse.Content.ReadAsStringAsync()).Groups[1].Value);
            var cookies = string.Join("; ", new[] { auth }.Concat(formResponse.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));

            var items = new List<(Guid Id, int Version)>();
            await using (var db = Open(data.Path))
            {
                await using var command = db.CreateCommand();
                command.CommandText = "SELECT i.Id, i.Version FROM RectificationItems i JOIN Organizations o ON o.Id = i.ResponsibleOrganizationId " +
                    "WHERE o.Name = '机关第一党支部' AND i.Status IN ('Open', 'InProgress', 0, 1)";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    items.Add((Guid.Parse(reader.GetString(0)), reader.GetInt32(1)));
                }
            }

            items.ShouldNotBeEmpty();
            using var stop = new CancellationTokenSource();
            var writers = items.Select((item, w) => Task.Run(async () =>
            {
                var version = item.Version;
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var text = $"崩溃测试 {w}-{n}";
                    using var content = new MultipartFormDataContent
                    {
                        { new StringContent(token), "__RequestVerificationToken" },
                        { new StringContent(version.ToString(CultureInfo.InvariantCulture)), "version" },
                        { new StringContent(text), "text" },
                        { new ByteArrayContent(SecurityApp.Png), "files", $"照片{n}.png" },
                    };
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"/items/{item.Id}/progress") { Content = content };
                    request.Headers.Add("Cookie", cookies);
                    try
                    {
                        var response = await client.SendAsync(request);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        }

                        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        version = body.RootElement.GetProperty("version").GetInt32();
                        acknowledged.Add(text);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server died
                    }
                }
            })).ToList();

            // Kill in the middle of the burst: once a few writes are acknowledged (a cold server on a busy machine is slow to
            // answer the first ones), with requests and uploads in flight.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (acknowledged.Count < 3 * items.Count && DateTime.UtcNow < deadline && !writers.Any(w => w.IsFaulted))
            {
                await Task.Delay(50);
            }

            writers.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException!.Message).ShouldBeEmpty();
            acknowledged.ShouldNotBeEmpty("no write was acknowledged before the kill");
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(writers);
            output.WriteLine($"{acknowledged.Count} reports acknowledged before SIGKILL.");

            // What a crash can leave besides: an upload cut off while being written, a file whose record was never saved.
            var year = Directory.GetDirectories(Path.Combine(data.Path, "evidence")).First();
            await File.WriteAllBytesAsync(Path.Combine(year, Guid.NewGuid().ToString("N") + ".part"), [1, 2, 3]);
            var orphan = Guid.NewGuid().ToString("N");
            await File.WriteAllBytesAsync(Path.Combine(year, orphan), SecurityApp.Png);

            server = Start(data.Path, port);
            await WaitUntilServingAsync(client, server);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();

            await using (var db = Open(data.Path))
            {
                (await Scalar(db, "PRAGMA integrity_check")).ShouldBe("ok");
                var texts = new HashSet<string>();
                await using (var command = db.CreateCommand())
                {
                    command.CommandText = "SELECT Text FROM ProgressReports";
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        texts.Add(reader.GetString(0));
                    }
                }

                acknowledged.Where(t => !texts.Contains(t)).ShouldBeEmpty("acknowledged reports lost");
                var keys = new HashSet<string>();
                await using (var command = db.CreateCommand())
                {
                    command.CommandText = "SELECT StorageKey FROM EvidenceFiles";
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        keys.Add(reader.GetString(0));
                    }
                }

                var evidence = Path.Combine(data.Path, "evidence");
                var files = Directory.GetFiles(evidence, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(evidence, f).Replace('\\', '/')).ToList();
                files.Where(f => f.EndsWith(".part", StringComparison.Ordinal)).ShouldBeEmpty("half-written uploads left");
                files.Where(f => !f.StartsWith("orphaned/", StringComparison.Ordinal) && !keys.Contains(f)).ShouldBeEmpty("files without a record");
                keys.Where(k => !files.Contains(k)).ShouldBeEmpty("records without their file");
                files.ShouldContain($"orphaned/{Path.GetFileName(year)}/{orphan}");
            }

            var verify = Run(data.Path, port, "verify-audit");
            var verifyOutput = await verify.StandardOutput.ReadToEndAsync();
            await verify.WaitForExitAsync();
            output.WriteLine(verifyOutput);
            verify.ExitCode.ShouldBe(0, verifyOutput);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            server.Dispose();
        }
    }

    private static SqliteConnection Open(string folder)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "rectify.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static async Task<string?> Scalar(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string WebDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = dir.Parent!.Name; // …/Rectify.Tests/bin/{Debug|Release}/net10.0/
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.Web", "Rectify.Web.csproj")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir!.FullName, "Rectify.Web", "bin", configuration, "net10.0", "Rectify.Web.dll");
        File.Exists(path).ShouldBeTrue(path);
        return path;
    }

    private static Process Run(string data, int port, params string[] args)
    {
        var dll = WebDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Rectify__DataFolder"] = data;
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment["Evidence__CleanupGraceMinutes"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        return process;
    }

    private static Process Start(string data, int port)
    {
        var process = Run(data, port);
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task WaitUntilServingAsync(HttpClient client, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            server.HasExited.ShouldBeFalse("the server exited at start");
            try
            {
                if ((await client.GetAsync("/Account/Login")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The server did not start within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
