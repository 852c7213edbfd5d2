using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Rectify.Tests.Mail;

namespace Rectify.Tests.Robots;

/// <summary>
/// robot_server.py in its own process on a free loopback port: it plays 企业微信, 钉钉, 飞书 and a generic webhook, checks
/// keys, signatures and JSON shapes, answers like the platform, and logs every request it saw (read with <see cref="Requests"/>).
/// </summary>
public sealed class RobotTestServer : IDisposable
{
    public const string WeComKey = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa";
    public const string DingTalkToken = "dd7e1d6a87dd72676c589d70c559f42e";
    public const string DingTalkSecret = "SECb1e6f0d4c2a94a1e8f3b5c7d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9";
    public const string FeishuToken = "2d3e4f5a-6b7c-8d9e-0f1a-2b3c4d5e6f7a";
    public const string FeishuSecret = "fsSecretQ1w2E3r4T5y6";
    public const string WebhookPath = "/webhook/rectify";
    public const string WebhookSecret = "wh-secret-2026";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RobotTestServer(Process process, int port, string log)
    {
        _process = process;
        Port = port;
        LogPath = log;
    }

    public int Port { get; }

    public string LogPath { get; }

    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public string WebhookUrl => BaseUrl + WebhookPath;

    /// <summary>The settings that point every platform at this server (and allow its plain-http webhook).</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["GroupRobots:WeComBaseUrl"] = BaseUrl,
        ["GroupRobots:DingTalkBaseUrl"] = BaseUrl,
        ["GroupRobots:FeishuBaseUrl"] = BaseUrl,
        ["GroupRobots:AllowHttpWebhooks"] = "true",
    };

    public static async Task<RobotTestServer> StartAsync(string folder)
    {
        var port = SmtpTestServer.FreePort();
        var log = Path.Combine(folder, "robot-requests.jsonl");
        var info = new ProcessStartInfo(SmtpTestServer.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     ScriptPath, "--port", port.ToString(CultureInfo.InvariantCulture), "--log", log,
                     "--wecom-key", WeComKey, "--dingtalk-token", DingTalkToken, "--dingtalk-secret", DingTalkSecret,
                     "--feishu-token", FeishuToken, "--feishu-secret", FeishuSecret, "--webhook-path", WebhookPath, "--webhook-secret", WebhookSecret,
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start robot_server.py.");
        var server = new RobotTestServer(process, port, log);
        process.OutputDataReceived += (_, e) => { lock (server._output) { server._output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (server._output) { server._output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (process.HasExited)
            {
                var output = server.Output;
                server.Dispose();
                throw new InvalidOperationException($"robot_server.py exited: {output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Every request the server has answered, oldest first: platform, path, query, body, status, answer.</summary>
    public IReadOnlyList<JsonObject> Requests() =>
        File.Exists(LogPath)
            ? File.ReadAllLines(LogPath).Where(l => l.Length > 0).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList()
            : [];

    /// <summary>
    /// With RECTIFY_ROBOT_SAMPLES set to a folder, writes <paramref name="seen"/> there as {name}.json (indented, Chinese
    /// readable): how docs/robot-samples/ is made. Without it, nothing.
    /// </summary>
    public static async Task SaveSampleAsync(JsonObject seen, string name)
    {
        if (Environment.GetEnvironmentVariable("RECTIFY_ROBOT_SAMPLES") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var options = new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".json"), seen.ToJsonString(options) + "\n");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static string ScriptPath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Rectify.sln not found"), "Rectify.Tests", "Robots", "robot_server.py");
        }
    }
}
