using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Rectify.Tests.Support;

/// <summary>
/// A real PostgreSQL 15 server for the tests. Uses RECTIFY_TEST_POSTGRES (a connection string to a server whose user may
/// create databases) when set; otherwise starts a private cluster from Debian's postgresql-15 in a temp folder on a free
/// loopback port, once per test run, and stops it when the run ends. Each test gets its own fresh database.
/// </summary>
public static class PostgresServer
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly Lazy<string> Admin = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static Task<string> CreateDatabaseAsync(string prefix = "rectify") => CreateAsync(prefix, "template0");

    /// <summary>Creates a database with every migration applied (a copy of <see cref="DatabaseTemplates"/>'s) and returns its connection string.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync() => await CreateAsync("rectify", await DatabaseTemplates.PostgresTemplateAsync());

    private static async Task<string> CreateAsync(string prefix, string template)
    {
        var admin = Admin.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE \"{template}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing what is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var dropped = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(dropped);
        await using var connection = new NpgsqlConnection(Admin.Value);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable("RECTIFY_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Bin}/initdb missing): run ./test.sh, which installs postgresql-15.");
        }

        var root = Path.Combine(Path.GetTempPath(), $"rectify-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root: the cluster belongs to Debian's postgres user.
            Run("chown", $"postgres \"{root}\"", asRoot: false);
        }

        var port = FreePort();
        Run(Path.Combine(Bin, "initdb"), $"-D \"{data}\" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync", asRoot);
        Run(Path.Combine(Bin, "pg_ctl"),
            $"-D \"{data}\" -l \"{root}/server.log\" -w -t 60 -o \"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200\" start",
            asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Run(Path.Combine(Bin, "pg_ctl"), $"-D \"{data}\" -m immediate -w stop", asRoot);
                Directory.Delete(root, recursive: true);
            }
            catch (Exception)
            {
                // Best effort at exit.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Include Error Detail=true";
    }

    private static void Run(string file, string arguments, bool asRoot)
    {
        var psi = asRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
