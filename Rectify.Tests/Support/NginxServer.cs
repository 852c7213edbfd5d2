using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Rectify.Tests.Support;

/// <summary>
/// A private Debian nginx in a temp folder on a free loopback port, running the shipped sample deploy/nginx-rectify.conf:
/// the sample's text is put inside this nginx's http block unchanged except for the two upstream ports (the test's
/// instances) and `listen 80` (the free port). Needs no root and touches neither /etc/nginx nor the system service; the
/// only addition is an access log that records which upstream served each request ($upstream_addr).
/// </summary>
public sealed partial class NginxServer : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly ProcessOutput _output;
    private readonly TempFolder _prefix;

    private NginxServer(Process process, TempFolder prefix, int port, string configuration)
    {
        _process = process;
        _output = ProcessOutput.Capture(process);
        _prefix = prefix;
        Port = port;
        Configuration = configuration;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The generated nginx.conf (for failure messages).</summary>
    public string Configuration { get; }

    public static string SamplePath => Path.Combine(AppProcess.RepositoryRoot, "deploy", "nginx-rectify.conf");

    /// <summary>nginx's access log so far: one line per finished request, `"request" status upstream=host:port[, host:port]`.</summary>
    public string AccessLog => Read(_prefix.File("access.log"));

    /// <summary>nginx's error log and console output so far.</summary>
    public string ErrorLog => Read(_prefix.File("error.log")) + _output;

    /// <summary>Starts nginx in front of the given loopback ports (in the sample's upstream order) and waits until it accepts connections.</summary>
    public static async Task<NginxServer> StartAsync(params int[] upstreamPorts)
    {
        EnsureInstalled();
        var prefix = new TempFolder("rectify-nginx");
        NginxServer? nginx = null;
        try
        {
            var port = PostgresServer.FreePort();
            var configuration = Configure(await File.ReadAllTextAsync(SamplePath), prefix.Path, port, upstreamPorts);
            var file = prefix.File("nginx.conf");
            await File.WriteAllTextAsync(file, configuration);

            var process = Process.Start(new ProcessStartInfo(Binary, CommandLine(prefix))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("nginx did not start.");
            nginx = new NginxServer(process, prefix, port, configuration);
            await nginx.WaitUntilListeningAsync(TimeSpan.FromSeconds(15));
            return nginx;
        }
        catch
        {
            if (nginx is not null)
            {
                nginx.Dispose();
            }
            else
            {
                prefix.Dispose();
            }

            throw;
        }
    }

    /// <summary>`nginx -p prefix/ -c prefix/nginx.conf -e prefix/error.log`: nothing of /etc/nginx or /var is read or written.</summary>
    private static string[] CommandLine(TempFolder prefix, params string[] more) =>
        ["-p", prefix.Path + "/", "-c", prefix.File("nginx.conf"), "-e", prefix.File("error.log"), .. more];

    /// <summary>Fails (never skips) when Debian's nginx is not installed.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: run ./test.sh, which installs Debian's nginx.");
        }
    }

    /// <summary>
    /// nginx.conf for a private instance: every path (pid, logs, temp files) inside <paramref name="prefix"/>, one worker,
    /// and the sample's text as the http block's content with its upstream ports and its `listen 80` replaced.
    /// </summary>
    public static string Configure(string sample, string prefix, int port, IReadOnlyList<int> upstreamPorts)
    {
        var servers = UpstreamServer().Matches(sample);
        if (servers.Count != upstreamPorts.Count)
        {
            throw new InvalidOperationException(
                $"{SamplePath} has {servers.Count} `server 127.0.0.1:<port>` lines in its upstream; the test expected {upstreamPorts.Count}.");
        }

        var index = 0;
        var http = UpstreamServer().Replace(sample, m => m.Groups[1].Value + upstreamPorts[index++].ToString(CultureInfo.InvariantCulture));
        if (ListenPort80().Matches(http).Count != 1)
        {
            throw new InvalidOperationException($"{SamplePath} has no single `listen 80;` line for the test to move to a free port.");
        }

        http = ListenPort80().Replace(http, m => m.Groups[1].Value + $"listen 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)};");
        string P(string name) => Path.Combine(prefix, name);
        return $$"""
            # Generated by Rectify.Tests (NginxServer) from deploy/nginx-rectify.conf.
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{P("nginx.pid")}};
            error_log {{P("error.log")}} notice;

            events {
                worker_connections 256;
            }

            http {
                client_body_temp_path {{P("client_body_temp")}};
                proxy_temp_path {{P("proxy_temp")}};
                fastcgi_temp_path {{P("fastcgi_temp")}};
                uwsgi_temp_path {{P("uwsgi_temp")}};
                scgi_temp_path {{P("scgi_temp")}};
                log_format upstream '"$request" $status upstream=$upstream_addr';
                access_log {{P("access.log")}} upstream;

            # ---- deploy/nginx-rectify.conf ----
            {{http}}
            # ---- end of deploy/nginx-rectify.conf ----
            }

            """;
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode} while starting:\n{ErrorLog}\n{Configuration}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nginx did not listen on port {Port} within {timeout}:\n{ErrorLog}");
    }

    private static string Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // `nginx -s stop` (SIGTERM to the master through its pid file) stops the workers too; SIGKILL would orphan them.
            try
            {
                using var stop = Process.Start(new ProcessStartInfo(Binary, CommandLine(_prefix, "-s", "stop"))
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                stop?.WaitForExit(10_000);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Fall through to the kill below.
            }

            if (!_process.WaitForExit(10_000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        _process.Dispose();
        _prefix.Dispose();
    }

    [GeneratedRegex(@"(?m)(^\s*server\s+127\.0\.0\.1:)\d+")]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"(?m)(^\s*)listen\s+80;")]
    private static partial Regex ListenPort80();
}
