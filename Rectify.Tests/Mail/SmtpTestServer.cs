using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MimeKit;
using Rectify.Web.Mail;

namespace Rectify.Tests.Mail;

/// <summary>
/// A real SMTP server in a separate process: Debian's aiosmtpd (package python3-aiosmtpd, run by /usr/bin/python3, not the
/// python3 first on PATH) delivering into a Maildir that the tests read back with MimeKit. Missing aiosmtpd is a test failure,
/// not a skip.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public const string User = "secretary";
    public const string Password = "整改Pass-2026";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SmtpTestServer(Process process, int port, string maildir, string? certificateSha256, MailSecurity security)
    {
        _process = process;
        Port = port;
        Maildir = maildir;
        CertificateSha256 = certificateSha256;
        Security = security;
    }

    public int Port { get; }

    public string Maildir { get; }

    /// <summary>SHA-256 fingerprint of the self-signed certificate of a secure server; null for a plain one.</summary>
    public string? CertificateSha256 { get; }

    /// <summary>What a client must do to talk to it: None (plain), StartTls, or SslOnConnect (implicit TLS).</summary>
    public MailSecurity Security { get; }

    /// <summary>
    /// Plain SMTP, no TLS, no AUTH (smtp_server.py without a certificate). <paramref name="limitPerConnection"/> with
    /// <paramref name="limitMode"/> "close" closes a connection after that many messages, with "421" answers the next MAIL FROM
    /// with 421 and closes; <paramref name="refuseRecipient"/> refuses (550) recipients whose address contains it;
    /// <paramref name="refuseMessage"/> answers the end of DATA with 554 for such recipients, <paramref name="dropMessage"/>
    /// closes the connection there without a reply; <paramref name="refuseSender"/> refuses (553) senders whose address contains it.
    /// </summary>
    public static Task<SmtpTestServer> StartPlainAsync(
        string folder, int? port = null, int limitPerConnection = 0, string limitMode = "close", string? refuseRecipient = null,
        string? refuseMessage = null, string? dropMessage = null, string? refuseSender = null)
    {
        var maildir = CreateMaildir(folder);
        var p = port ?? FreePort();
        return StartAsync(
            [ScriptPath, "--port", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "--maildir", maildir,
             "--limit-per-connection", limitPerConnection.ToString(System.Globalization.CultureInfo.InvariantCulture), "--limit-mode", limitMode,
             "--refuse-recipient", refuseRecipient ?? "", "--refuse-message", refuseMessage ?? "", "--drop-message", dropMessage ?? "",
             "--refuse-sender", refuseSender ?? ""],
            p, maildir, null, MailSecurity.None);
    }

    /// <summary>STARTTLS required, then AUTH (<see cref="User"/>/<see cref="Password"/>) required; a fresh self-signed certificate.</summary>
    public static Task<SmtpTestServer> StartSecureAsync(string folder, int? port = null) => StartTlsServerAsync(folder, port, implicitTls: false);

    /// <summary>
    /// Implicit TLS (the port 465 way: TLS from the first byte, the aiosmtpd server wrapped in an ssl.SSLContext), then AUTH
    /// (<see cref="User"/>/<see cref="Password"/>) required; a fresh self-signed certificate.
    /// </summary>
    public static Task<SmtpTestServer> StartImplicitTlsAsync(string folder, int? port = null) => StartTlsServerAsync(folder, port, implicitTls: true);

    private static async Task<SmtpTestServer> StartTlsServerAsync(string folder, int? port, bool implicitTls)
    {
        var maildir = CreateMaildir(folder);
        var cert = Path.Combine(folder, "server-cert.pem");
        var key = Path.Combine(folder, "server-key.pem");
        await RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert]);
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(cert));
        var fingerprint = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        var p = port ?? FreePort();
        string[] arguments =
        [
            ScriptPath, "--port", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "--maildir", maildir, "--cert", cert, "--key", key,
            "--user", User, "--password", Password, .. implicitTls ? new[] { "--implicit-tls" } : [],
        ];
        return await StartAsync(arguments, p, maildir, fingerprint, implicitTls ? MailSecurity.SslOnConnect : MailSecurity.StartTls);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SMTP sessions (connections that said EHLO or HELO) the server has seen so far.</summary>
    public int Sessions
    {
        get
        {
            lock (_output)
            {
                return _output.ToString().Split('\n').Count(l => l.TrimEnd() == "session");
            }
        }
    }

    /// <summary>Every message delivered so far, oldest first, parsed by MimeKit.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var dir = Path.Combine(Maildir, "new");
        return Directory.GetFiles(dir)
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f.FullName))
            .ToList();
    }

    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(50);
        }
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

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Rectify.sln not found"), "Rectify.Tests", "Mail", "smtp_server.py");
        }
    }

    private static string CreateMaildir(string folder)
    {
        var maildir = Path.Combine(folder, "maildir");
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }

        return maildir;
    }

    private static async Task<SmtpTestServer> StartAsync(string[] arguments, int port, string maildir, string? fingerprint, MailSecurity security)
    {
        await EnsureAiosmtpdAsync();
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the SMTP test server.");
        var server = new SmtpTestServer(process, port, maildir, fingerprint, security);
        process.OutputDataReceived += (_, e) => { lock (server._output) { server._output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (server._output) { server._output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAcceptingAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    private async Task WaitUntilAcceptingAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The SMTP test server exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"The SMTP test server did not accept connections on port {Port}: {Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private static async Task EnsureAiosmtpdAsync()
    {
        var (code, output) = await TryRunAsync(Python, ["-c", "import aiosmtpd"]);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"The mail tests need Debian's aiosmtpd for {Python}: apt-get install python3-aiosmtpd (test.sh installs it). {output}");
        }
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var (code, output) = await TryRunAsync(file, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} failed ({code}): {output}");
        }
    }

    private static async Task<(int Code, string Output)> TryRunAsync(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
