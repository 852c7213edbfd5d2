using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rectify.Tests.Support;

/// <summary>
/// A loopback TCP relay between nginx and one app instance that passes everything through, except when armed: then the
/// first request whose request line starts with <see cref="Trigger"/> reaches the instance, which answers it (saving
/// what it saves), and the relay keeps the answer, calls <see cref="OnSwallow"/> (a test SIGKILLs the instance there) and
/// resets nginx's connection — to nginx, an instance that died after receiving the request and before answering, the
/// case where nginx does not retry a POST unless told to (non_idempotent). Each connection carries one request (the sample
/// sends `Connection: close` upstream unless the client asks for a WebSocket). Once the instance is gone, the relay resets
/// every new connection at once, as a dead instance's port would refuse it.
/// </summary>
public sealed class DyingRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly Armed _armed;
    private readonly CancellationTokenSource _stop = new();

    private DyingRelay(int target, Armed armed)
    {
        _target = target;
        _armed = armed;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The start of the request line to swallow the answer to, e.g. "POST /items/".</summary>
    public string Trigger { get; init; } = "POST ";

    /// <summary>Called when an answer was kept from nginx, before its connection is reset.</summary>
    public Action? OnSwallow { get; init; }

    /// <summary>Every answer kept from nginx, as the instance sent it (status line, headers, body).</summary>
    public ConcurrentQueue<string> Swallowed { get; } = new();

    /// <summary>Relays to <paramref name="targetPort"/>; <paramref name="armed"/> may be shared by several relays (the first to see the trigger takes it).</summary>
    public static DyingRelay Start(int targetPort, Armed armed, string trigger, Action? onSwallow) =>
        new(targetPort, armed) { Trigger = trigger, OnSwallow = onSwallow };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(incoming));
        }
    }

    private async Task RelayAsync(TcpClient incoming)
    {
        using (incoming)
        using (var outgoing = new TcpClient())
        {
            try
            {
                await outgoing.ConnectAsync(IPAddress.Loopback, _target);
            }
            catch (SocketException)
            {
                Reset(incoming);
                return;
            }

            var fromNginx = incoming.GetStream();
            var toInstance = outgoing.GetStream();
            var buffer = new byte[64 * 1024];
            var read = await fromNginx.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            var start = Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 256));
            var swallow = start.StartsWith(Trigger, StringComparison.Ordinal) && _armed.Take();
            await toInstance.WriteAsync(buffer.AsMemory(0, read));
            var request = fromNginx.CopyToAsync(toInstance);
            if (!swallow)
            {
                var answer = toInstance.CopyToAsync(fromNginx);
                await Quiet(Task.WhenAny(request, answer));
                return;
            }

            // The instance answers (and closes: `Connection: close`); nginx gets nothing of it.
            using var kept = new MemoryStream();
            await Quiet(toInstance.CopyToAsync(kept));
            Swallowed.Enqueue(Encoding.UTF8.GetString(kept.ToArray()));
            OnSwallow?.Invoke();
            Reset(incoming);
            await Quiet(request);
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }
        catch (SocketException)
        {
        }
    }

    private static async Task Quiet(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    /// <summary>Whether the next matching request's answer is to be swallowed (once).</summary>
    public sealed class Armed
    {
        private int _armed;

        public void Arm() => Interlocked.Exchange(ref _armed, 1);

        public bool Take() => Interlocked.Exchange(ref _armed, 0) == 1;
    }
}
