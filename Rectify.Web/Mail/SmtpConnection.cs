using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Rectify.Web.Mail;

/// <summary>
/// One SMTP client connection (RFC 5321) on a plain socket, upgraded with STARTTLS (RFC 3207) when configured, authenticated
/// with AUTH PLAIN or LOGIN (RFC 4954), sending any number of messages one after the other. Nagle's algorithm is off and every
/// command, and every message with its terminating ".", goes out in a single write: with System.Net.Mail.SmtpClient the end of
/// DATA waited ~40 ms per message for the server's delayed ACK (docs/performance.md).
/// </summary>
/// <remarks>
/// Failures are reported as System.Net.Mail's exception types, which <see cref="OutboxDispatcher"/> classifies: a refused
/// recipient is an <see cref="SmtpFailedRecipientException"/> (that message only; the connection stays usable), everything else
/// an <see cref="SmtpException"/> (the connection is not to be used again). Not thread-safe: one caller at a time.
/// </remarks>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private const int MaxReplyLineBytes = 4096;

    private readonly Socket _socket;
    private readonly string _server;
    private readonly byte[] _buffer = new byte[MaxReplyLineBytes * 2];
    private Stream _stream;
    private int _start;
    private int _end;
    private HashSet<string> _extensions = new(StringComparer.OrdinalIgnoreCase);
    private string[] _authMechanisms = [];

    private SmtpConnection(Socket socket, string server)
    {
        _socket = socket;
        _server = server;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The server accepts 8bit message bodies (it announced 8BITMIME).</summary>
    public bool EightBitMime => _extensions.Contains("8BITMIME");

    public bool IsEncrypted => _stream is SslStream;

    /// <summary>
    /// False when the server has closed the connection (or sent something unasked, such as a 421 before closing) since the last
    /// reply: worth checking before reusing a connection that sat idle.
    /// </summary>
    public bool LooksAlive
    {
        get
        {
            try
            {
                return _start == _end && !_socket.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>Connects, reads the greeting, says EHLO, upgrades with STARTTLS and authenticates as the options say.</summary>
    public static async Task<SmtpConnection> OpenAsync(MailOptions options, CancellationToken cancellationToken)
    {
        var host = options.Host ?? throw new InvalidOperationException("Mail:Host is not set.");
        var server = $"{host}:{options.Port}";
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, options.Port, cancellationToken);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new SmtpException($"Could not connect to the SMTP server {server}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new SmtpConnection(socket, server);
        try
        {
            await connection.HandshakeAsync(options, host, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One transaction: MAIL FROM, RCPT TO, DATA, the dot-stuffed message and its end. After a refused recipient the transaction
    /// is reset (RSET) so the connection can send the next message.
    /// </summary>
    /// <exception cref="StaleConnectionException">The server had closed the connection before MAIL FROM was accepted: nothing was
    /// sent, and the message can go through a new connection.</exception>
    public async Task SendAsync(string from, string to, byte[] message, bool eightBit, CancellationToken cancellationToken)
    {
        SmtpReply mailFrom;
        try
        {
            mailFrom = await CommandAsync($"MAIL FROM:<{from}>{(eightBit ? " BODY=8BITMIME" : "")}", cancellationToken);
        }
        catch (IOException ex)
        {
            throw new StaleConnectionException($"The SMTP server {_server} closed the connection.", ex);
        }

        if (mailFrom.Code == 421)
        {
            throw new StaleConnectionException($"The SMTP server {_server} is closing the connection: {mailFrom}", null);
        }

        if (mailFrom.Code != 250)
        {
            throw new SmtpException((SmtpStatusCode)mailFrom.Code, $"The SMTP server {_server} refused the sender <{from}>: {mailFrom}");
        }

        var rcpt = await CommandAsync($"RCPT TO:<{to}>", cancellationToken);
        if (rcpt.Code is not (250 or 251))
        {
            var refused = new SmtpFailedRecipientException((SmtpStatusCode)rcpt.Code, to, rcpt.ToString());
            if (rcpt.Code == 421)
            {
                throw new SmtpException($"The SMTP server {_server} is closing the connection: {rcpt}", refused);
            }

            var reset = await CommandAsync("RSET", cancellationToken);
            if (reset.Code != 250)
            {
                throw new SmtpException($"The SMTP server {_server} did not reset after refusing <{to}>: {reset}", refused);
            }

            throw refused;
        }

        var data = await CommandAsync("DATA", cancellationToken);
        if (data.Code != 354)
        {
            throw new SmtpException((SmtpStatusCode)data.Code, $"The SMTP server {_server} refused DATA: {data}");
        }

        await WriteAsync(DotStuff(message), cancellationToken);
        var accepted = await ReadReplyAsync(cancellationToken);
        if (accepted.Code != 250)
        {
            throw new SmtpException((SmtpStatusCode)accepted.Code, $"The SMTP server {_server} did not accept the message: {accepted}");
        }
    }

    /// <summary>
    /// The message as DATA carries it: a "." doubled at the start of every line (RFC 5321 4.5.2), a final CRLF if it lacks one,
    /// and the terminating ".", in one buffer.
    /// </summary>
    internal static byte[] DotStuff(ReadOnlySpan<byte> message)
    {
        var dots = 0;
        for (var i = 0; i < message.Length; i++)
        {
            dots += message[i] == '.' && StartsLine(message, i) ? 1 : 0;
        }

        var needsCrlf = !message.EndsWith("\r\n"u8);
        var result = new byte[message.Length + dots + (needsCrlf ? 2 : 0) + 3];
        var at = 0;
        for (var i = 0; i < message.Length; i++)
        {
            if (message[i] == '.' && StartsLine(message, i))
            {
                result[at++] = (byte)'.';
            }

            result[at++] = message[i];
        }

        if (needsCrlf)
        {
            "\r\n"u8.CopyTo(result.AsSpan(at));
            at += 2;
        }

        ".\r\n"u8.CopyTo(result.AsSpan(at));
        return result;

        static bool StartsLine(ReadOnlySpan<byte> text, int i) => i == 0 || (i >= 2 && text[i - 1] == '\n' && text[i - 2] == '\r');
    }

    /// <summary>QUIT, briefly and politely; errors are ignored (the connection is being dropped anyway).</summary>
    public async Task QuitAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await CommandAsync("QUIT", timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or SmtpException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task HandshakeAsync(MailOptions options, string host, CancellationToken cancellationToken)
    {
        var greeting = await ReadReplyAsync(cancellationToken);
        if (greeting.Code != 220)
        {
            throw new SmtpException((SmtpStatusCode)greeting.Code, $"The SMTP server {_server} did not greet: {greeting}");
        }

        await HelloAsync(cancellationToken);
        if (options.EnableStartTls)
        {
            if (!_extensions.Contains("STARTTLS"))
            {
                throw new SmtpException($"The SMTP server {_server} does not offer STARTTLS, and Mail:EnableStartTls is true.");
            }

            var ready = await CommandAsync("STARTTLS", cancellationToken);
            if (ready.Code != 220)
            {
                throw new SmtpException((SmtpStatusCode)ready.Code, $"The SMTP server {_server} refused STARTTLS: {ready}");
            }

            if (_start != _end)
            {
                // Anything after the 220 was sent in the clear and must not be read as if it came over TLS (RFC 3207 section 6).
                throw new SmtpException($"The SMTP server {_server} sent data after agreeing to STARTTLS.");
            }

            var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
            _stream = tls;
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    RemoteCertificateValidationCallback = ServerCertificatePinning.Validator(options.TrustedServerCertificateSha256),
                }, cancellationToken);
            }
            catch (System.Security.Authentication.AuthenticationException ex)
            {
                throw new SmtpException($"TLS with the SMTP server {_server} failed: {ex.Message}", ex);
            }

            await HelloAsync(cancellationToken); // the extensions after TLS may differ (AUTH usually appears only now)
        }

        if (!string.IsNullOrEmpty(options.UserName))
        {
            await AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        }
    }

    private async Task HelloAsync(CancellationToken cancellationToken)
    {
        var name = ClientName();
        var ehlo = await CommandAsync($"EHLO {name}", cancellationToken);
        if (ehlo.Code == 250)
        {
            _extensions = new HashSet<string>(ehlo.Lines.Skip(1).Select(l => l.Split(' ', 2)[0]), StringComparer.OrdinalIgnoreCase);
            _authMechanisms = ehlo.Lines.Skip(1)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(words => words.Length > 1 && words[0].Equals("AUTH", StringComparison.OrdinalIgnoreCase))
                .SelectMany(words => words.Skip(1))
                .ToArray();
            return;
        }

        var helo = await CommandAsync($"HELO {name}", cancellationToken); // a server without ESMTP: no extensions at all
        if (helo.Code != 250)
        {
            throw new SmtpException((SmtpStatusCode)helo.Code, $"The SMTP server {_server} refused EHLO and HELO: {helo}");
        }

        _extensions.Clear();
        _authMechanisms = [];
    }

    private async Task AuthenticateAsync(string user, string password, CancellationToken cancellationToken)
    {
        SmtpReply result;
        if (_authMechanisms.Contains("PLAIN", StringComparer.OrdinalIgnoreCase))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
            result = await CommandAsync($"AUTH PLAIN {credentials}", cancellationToken);
        }
        else if (_authMechanisms.Contains("LOGIN", StringComparer.OrdinalIgnoreCase))
        {
            result = await CommandAsync("AUTH LOGIN", cancellationToken);
            if (result.Code == 334)
            {
                result = await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(user)), cancellationToken);
            }

            if (result.Code == 334)
            {
                result = await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), cancellationToken);
            }
        }
        else
        {
            throw new SmtpException(
                $"The SMTP server {_server} offers no AUTH PLAIN or LOGIN{(IsEncrypted ? "" : " on an unencrypted connection (set Mail:EnableStartTls)")}, but Mail:UserName is set.");
        }

        if (result.Code != 235)
        {
            throw new SmtpException((SmtpStatusCode)result.Code, $"The SMTP server {_server} refused the login of '{user}': {result}");
        }
    }

    /// <summary>The name for EHLO: this machine's host name if it is a plain DNS name, else its address as a literal.</summary>
    private string ClientName()
    {
        var name = Dns.GetHostName();
        if (name.Length is > 0 and < 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            return name;
        }

        return _socket.LocalEndPoint is IPEndPoint { Address: var address }
            ? address.IsIPv4MappedToIPv6 ? $"[{address.MapToIPv4()}]"
            : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{address}]" : $"[{address}]"
            : "localhost";
    }

    private async Task<SmtpReply> CommandAsync(string command, CancellationToken cancellationToken)
    {
        await WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        return await ReadReplyAsync(cancellationToken);
    }

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>A reply: one or more lines "250-…", ending with the line "250 …" (or just "250").</summary>
    private async Task<SmtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new SmtpException($"The SMTP server {_server} sent something that is not an SMTP reply: {line}");
            }

            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }

            if (lines.Count > 100)
            {
                throw new SmtpException($"The SMTP server {_server} sent a reply of more than 100 lines.");
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = newline > 0 && _buffer[_start + newline - 1] == '\r' ? newline - 1 : newline;
                var line = Encoding.UTF8.GetString(_buffer, _start, length);
                _start += newline + 1;
                return line;
            }

            if (_end - _start >= MaxReplyLineBytes)
            {
                throw new SmtpException($"The SMTP server {_server} sent a reply line longer than {MaxReplyLineBytes} bytes.");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new IOException($"The SMTP server {_server} closed the connection.");
            }

            _end += read;
        }
    }

    private sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
    {
        public override string ToString() => $"{Code} {string.Join(" / ", Lines)}".TrimEnd();
    }
}

/// <summary>The server had closed a reused connection before accepting anything: the message can be sent again on a new one.</summary>
internal sealed class StaleConnectionException(string message, Exception? inner) : IOException(message, inner);
