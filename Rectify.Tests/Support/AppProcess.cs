using System.Diagnostics;

namespace Rectify.Tests.Support;

/// <summary>
/// The built app (Rectify.Web.dll, Development) as a real operating-system process on a loopback port, as an operator runs
/// it: so a test can kill it without warning (SIGKILL), which an in-process host cannot show.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private AppProcess(Process process, int port)
    {
        _process = process;
        _output = ProcessOutput.Capture(process);
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output => _output.ToString();

    /// <summary>The app's build output beside this test assembly's (same configuration), e.g. Rectify.Web/bin/Release/net10.0.</summary>
    public static string AppFolder
    {
        get
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = tests.Name;
            var configuration = tests.Parent!.Name;
            return Path.Combine(RepositoryRoot, "Rectify.Web", "bin", configuration, framework);
        }
    }

    /// <summary>The checkout this test assembly was built from (Rectify.Tests/bin/Release/net10.0 → four levels up).</summary>
    public static string RepositoryRoot =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>Starts the app with <paramref name="settings"/> (configuration keys, e.g. "Database:Provider") and waits until it answers.</summary>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string?> settings, int? port = null)
    {
        var p = port ?? PostgresServer.FreePort();
        var dll = Path.Combine(AppFolder, "Rectify.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution first.");
        }

        var psi = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = AppFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{p}";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start.");
        var app = new AppProcess(process, p);
        try
        {
            await app.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            app.Dispose();
            throw;
        }

        return app;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("Account/Login");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The app on port {Port} did not answer within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, no goodbye to the database — a crash or a pulled plug.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
