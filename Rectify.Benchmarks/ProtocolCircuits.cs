using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Rectify.Benchmarks;

/// <summary>
/// Blazor circuits held open without a browser (decision 0058): each one does what blazor.web.js does for a tab, over the real
/// protocol — GET the page (prerendered, signed in by cookie), read its server component markers and persisted state,
/// negotiate on /_blazor, WebSocket, SignalR with MessagePack under the name "blazorpack", <c>StartCircuit</c>, then
/// <c>UpdateRootComponents</c> with the markers; it acknowledges every render batch (<c>OnRenderCompleted</c>) and answers every
/// JS interop call (void, a fresh object reference for module imports, null otherwise). A circuit counts as interactive when
/// a render batch carries the layout's <c>data-state="ready"</c>. When its connection drops it follows the script's default
/// reconnection: ten immediate tries, ten every 5 s, then every 30 s; each try is <c>ConnectCircuit</c>, then
/// <c>ResumeCircuit</c>, and when the server knows neither, a reload of the page (a new circuit), as ReconnectModal.razor.js
/// does on "rejected". What the server does for a circuit is what it does for a browser tab; what is not exercised is the
/// browser's own work (DOM, layout, the pages' JavaScript), which is what made hundreds of Chromium tabs impossible here.
/// </summary>
public sealed partial class ProtocolCircuits : IAsyncDisposable
{
    private readonly List<ProtocolCircuit> _circuits = [];
    private readonly StringBuilder _report = new();

    public IReadOnlyList<ProtocolCircuit> Circuits => _circuits;

    /// <summary>Signs in (an administrator, a 包抓 leader, a secretary) and opens the circuits, <paramref name="parallel"/> at a time, for at most <paramref name="openFor"/>.</summary>
    public static async Task<ProtocolCircuits> OpenAsync(string baseUrl, int count, TimeSpan openFor, int parallel = 10)
    {
        var holder = new ProtocolCircuits();
        var inv = CultureInfo.InvariantCulture;
        var started = Stopwatch.StartNew();
        (string User, string Path)[] kinds = [("bench.admin", "items?due=Overdue"), ("bench.leader2", "overview"), ("bench.secretary", "items?due=Unfinished")];
        var sessions = new List<CookieContainer>();
        foreach (var (user, _) in kinds)
        {
            sessions.Add(await SignInAsync(baseUrl, user));
        }

        using var gate = new SemaphoreSlim(parallel);
        var opening = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                if (started.Elapsed > openFor)
                {
                    return;
                }

                var circuit = new ProtocolCircuit(baseUrl, kinds[i % kinds.Length].Path, sessions[i % kinds.Length], i);
                lock (holder._circuits)
                {
                    holder._circuits.Add(circuit);
                }

                await circuit.OpenAsync();
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(opening);
        holder._report.AppendLine(inv, $"circuits (protocol clients): {holder._circuits.Count} of {count} opened in {started.Elapsed.TotalSeconds:F0} s, {holder._circuits.Count(c => c.Interactive)} interactive; time to interactive p50 {Percentile(holder._circuits.Select(c => (double)c.FirstReadyMs), 50):F0} ms, p95 {Percentile(holder._circuits.Select(c => (double)c.FirstReadyMs), 95):F0} ms; {holder._circuits.Sum(c => c.Errors)} circuit errors");
        return holder;
    }

    /// <summary>Sign-in through the login form, as ClusterLoad's users do; the cookie container then serves every circuit of that user.</summary>
    public static async Task<CookieContainer> SignInAsync(string baseUrl, string user)
    {
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(180) };
        var login = await client.GetStringAsync("Account/Login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(login).Groups[1].Value),
            ["Input.UserName"] = user,
            ["Input.Password"] = "Rectify@2026",
        });
        using var response = await client.PostAsync("Account/Login", form);
        if (cookies.GetCookies(client.BaseAddress!)["Rectify.Auth"] is null)
        {
            throw new InvalidOperationException($"{user} could not sign in at {baseUrl} ({(int)response.StatusCode})");
        }

        return cookies;
    }

    /// <summary>
    /// Holds the circuits until <paramref name="deadline"/>; when the kill file appears, waits (at most 300 s) until the instances
    /// alive hold one circuit per client and every client is interactive again, and reports both views.
    /// </summary>
    public async Task<string> WatchAsync(string killFile, DateTimeOffset deadline)
    {
        var inv = CultureInfo.InvariantCulture;
        long? killedAt = null;
        var start = await CircuitTabs.CircuitsPerInstanceAsync();
        var held = start.Sum(i => i.Open ?? 0);
        _report.AppendLine(inv, $"circuits when the load started: the instances hold {held} ({string.Join(", ", start.Select(i => $"{i.Instance}: {i.Open}"))}); {_circuits.Count(c => c.Interactive)} of {_circuits.Count} clients interactive");
        var before = _circuits.Count(c => c.Interactive);
        while (DateTimeOffset.UtcNow < deadline && killedAt is null)
        {
            before = _circuits.Count(c => c.Interactive);
            await Task.Delay(1000);
            if (File.Exists(killFile) && long.TryParse((await File.ReadAllTextAsync(killFile)).Trim(), CultureInfo.InvariantCulture, out var k))
            {
                killedAt = k;
            }
        }

        if (killedAt is { } killed && _circuits.Count > 0)
        {
            var watch = Stopwatch.StartNew();
            var timeline = new StringBuilder();
            var lastHeld = -1L;
            while (watch.Elapsed < TimeSpan.FromSeconds(300))
            {
                var perInstance = await CircuitTabs.CircuitsPerInstanceAsync();
                held = perInstance.Sum(i => i.Open ?? 0);
                var ready = _circuits.Count(c => c.Interactive && c.ReadyAgainAtMs >= killed);
                if (held != lastHeld)
                {
                    timeline.Append(inv, $" {(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - killed) / 1000.0:F0} s: {string.Join(" + ", perInstance.Select(i => $"{new Uri(i.Instance).Port} {(i.Open is { } o ? o.ToString(inv) : "down")}"))}, clients interactive {_circuits.Count(c => c.Interactive)};");
                    lastHeld = held;
                }

                if (held >= _circuits.Count && ready >= _circuits.Count(c => c.WasOnKilled(killed)))
                {
                    break;
                }

                await Task.Delay(1000);
            }

            var moved = _circuits.Where(c => c.WasOnKilled(killed)).ToList();
            var back = moved.Where(c => c.Interactive && c.ReadyAgainAtMs >= killed).Select(c => (double)(c.ReadyAgainAtMs - killed)).ToList();
            _report.AppendLine(inv, $"circuits after the kill: {moved.Count} clients lost their connection ({before} clients were interactive a second before the kill); {back.Count} interactive again on the instance alive (new circuits: {moved.Count(c => c.Reloads > 0)} reloaded, {moved.Count(c => c.Resumed > 0)} reconnected or resumed), time after the kill p50 {Percentile(back, 50) / 1000:F1} s, p95 {Percentile(back, 95) / 1000:F1} s, last {(back.Count > 0 ? back.Max() / 1000 : 0):F1} s; {moved.Count - back.Count} not back after {watch.Elapsed.TotalSeconds:F0} s");
            _report.AppendLine(inv, $"rectify_circuits_open summed over the instances alive, seconds after the kill: {timeline}");
        }

        var rest = deadline - DateTimeOffset.UtcNow;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }

        var end = await CircuitTabs.CircuitsPerInstanceAsync();
        _report.AppendLine(inv, $"circuits at the end: the instances alive hold {end.Sum(i => i.Open ?? 0)} ({string.Join(", ", end.Select(i => $"{i.Instance}: {(i.Open is { } o ? o.ToString(inv) : "down")}"))}); {_circuits.Count(c => c.Interactive)} of {_circuits.Count} clients interactive; {_circuits.Count(c => c.SignedOut)} saw the login page; circuit errors (JS.Error or a failed start): {_circuits.Sum(c => c.Errors)}");
        foreach (var problem in _circuits.SelectMany(c => c.Problems).GroupBy(p => p).OrderByDescending(g => g.Count()).Take(10))
        {
            _report.AppendLine(inv, $"  {problem.Count()}× {problem.Key}");
        }

        return _report.ToString();
    }

    public string Report => _report.ToString();

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_circuits.Select(c => c.DisposeAsync().AsTask()));
    }

    internal static double Percentile(IEnumerable<double> values, int p)
    {
        var sorted = values.Where(v => v >= 0).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>One client of <see cref="ProtocolCircuits"/>: what blazor.web.js does for one tab, without the DOM.</summary>
public sealed partial class ProtocolCircuit : IAsyncDisposable
{
    private static readonly byte[] ReadyMarker = "ready"u8.ToArray();
    private static readonly HttpClient SharedHttp = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(180),
    };

    private readonly string _baseUrl;
    private readonly string _path;
    private readonly CookieContainer _cookies;
    private readonly int _index;
    private readonly CancellationTokenSource _stop = new();
    private HubConnection? _connection;
    private string? _circuitId;
    private string _appState = "";
    private int _nextObjectId = 1;
    private long _connectedAtMs;
    private int _reconnecting;

    public ProtocolCircuit(string baseUrl, string path, CookieContainer cookies, int index)
    {
        _baseUrl = baseUrl.TrimEnd('/') + "/";
        _path = path;
        _cookies = cookies;
        _index = index;
    }

    /// <summary>Interactive now: a render batch with the layout's data-state="ready" arrived on the current connection.</summary>
    public bool Interactive { get; private set; }

    public long FirstReadyMs { get; private set; } = -1;

    /// <summary>Unix ms when the circuit last became interactive.</summary>
    public long ReadyAgainAtMs { get; private set; }

    /// <summary>Unix ms when the connection last dropped.</summary>
    public long DroppedAtMs { get; private set; }

    public int Reloads { get; private set; }

    public int Resumed { get; private set; }

    public int Errors { get; private set; }

    public bool SignedOut { get; private set; }

    public ConcurrentQueue<string> Problems { get; } = new();

    public bool WasOnKilled(long killedAtMs) => DroppedAtMs >= killedAtMs - 2000;

    /// <summary>The first load; never throws (a failure is counted).</summary>
    public async Task OpenAsync()
    {
        var started = Stopwatch.StartNew();
        try
        {
            await LoadAsync();
            if (await WaitInteractiveAsync(TimeSpan.FromSeconds(120)))
            {
                FirstReadyMs = started.ElapsedMilliseconds;
            }
            else
            {
                Problem("not interactive within 120 s of opening");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Problem($"open: {e.GetType().Name}: {FirstLine(e.Message)}");
        }
    }

    private readonly SemaphoreSlim _interactive = new(0);

    private async Task<bool> WaitInteractiveAsync(TimeSpan timeout)
    {
        if (Interactive)
        {
            return true;
        }

        return await _interactive.WaitAsync(timeout) || Interactive;
    }

    /// <summary>GET the page, then a new circuit from its markers (the page load, or the reload after a refused reconnection).</summary>
    private async Task LoadAsync()
    {
        Interactive = false;
        using var request = new HttpRequestMessage(HttpMethod.Get, _baseUrl + _path);
        var uri = new Uri(_baseUrl + _path);
        var cookieHeader = _cookies.GetCookieHeader(uri);
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await SharedHttp.SendAsync(request, _stop.Token);
        var html = await response.Content.ReadAsStringAsync(_stop.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            SignedOut |= response.Headers.Location?.ToString().Contains("Login", StringComparison.OrdinalIgnoreCase) == true;
            throw new HttpRequestException($"GET {_path}: {(int)response.StatusCode} {response.Headers.Location}");
        }

        var markers = new JsonArray();
        foreach (Match m in MarkerPattern().Matches(html))
        {
            var marker = JsonNode.Parse(m.Groups[1].Value)!.AsObject();
            if ((string?)marker["type"] == "server")
            {
                markers.Add(marker);
            }
        }

        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"GET {_path}: no server component markers in the page");
        }

        // In document order; blazor.web.js sorts by sequence and numbers them from 1.
        var operations = new JsonArray();
        var ssrId = 1;
        foreach (var marker in markers.OrderBy(m => (int?)m!["sequence"] ?? 0))
        {
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = ssrId++, ["marker"] = marker!.DeepClone() });
        }

        _appState = StatePattern().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        await ConnectAsync();
        _circuitId = await _connection!.InvokeAsync<string?>("StartCircuit", _baseUrl, _baseUrl + _path, "[]", _appState, _stop.Token)
            ?? throw new InvalidOperationException("StartCircuit returned no circuit");
        await _connection!.SendAsync("UpdateRootComponents", new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(), _appState, _stop.Token);
    }

    private async Task ConnectAsync()
    {
        if (_connection is not null)
        {
            var old = _connection;
            _connection = null;
            await old.DisposeAsync();
        }

        var builder = new HubConnectionBuilder()
            .WithUrl(_baseUrl + "_blazor", HttpTransportType.WebSockets, o =>
            {
                o.Cookies = _cookies;
                o.CloseTimeout = TimeSpan.FromSeconds(5);
                // permessage-deflate with the client's context takeover, as Chromium offers it: the server keeps an inflater per
                // connection for it, which a client without compression would spare it (decision 0040).
                o.WebSocketConfiguration = ws => ws.DangerousDeflateOptions = new System.Net.WebSockets.WebSocketDeflateOptions();
            });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(30);
        connection.KeepAliveInterval = TimeSpan.FromSeconds(15);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);

        connection.On("JS.RenderBatch", [typeof(long), typeof(byte[])], async (args, _) =>
        {
            var batchId = (long)args[0]!;
            var data = (byte[])args[1]!;
            if (!Interactive && data.AsSpan().IndexOf(ReadyMarker) >= 0)
            {
                Interactive = true;
                ReadyAgainAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                _interactive.Release();
            }

            await connection.SendAsync("OnRenderCompleted", batchId, null);
        }, this);
        connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], async (args, _) =>
        {
            var handle = (long)args[0]!;
            var resultType = (int)args[3]!;
            if (handle == 0)
            {
                return;
            }

            // JSCallResultType: 0 Default (null), 1 JSObjectReference (a new id), 2 JSStreamReference (not used here), 3 void.
            object? result = resultType == 1 ? new Dictionary<string, int> { ["__jsObjectId"] = Interlocked.Increment(ref _nextObjectId) } : null;
            await connection.SendAsync("EndInvokeJSFromDotNet", handle, true, JsonSerializer.Serialize(new object?[] { handle, true, result }));
        }, this);
        connection.On("JS.Error", [typeof(string)], (args, _) =>
        {
            Errors++;
            Problem($"JS.Error: {FirstLine(args[0] as string ?? "")}");
            return Task.CompletedTask;
        }, this);
        foreach (var ignored in new[] { "JS.AttachComponent", "JS.EndInvokeDotNet", "JS.EndUpdateRootComponents", "JS.EndLocationChanging", "JS.SavePersistedState", "JS.ReceiveByteArray", "JS.BeginTransmitStream" })
        {
            connection.On(ignored, [], (_, _) => Task.CompletedTask, this);
        }

        connection.Closed += error =>
        {
            if (_stop.IsCancellationRequested || !ReferenceEquals(connection, _connection))
            {
                return Task.CompletedTask;
            }

            Interactive = false;
            DroppedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            _ = Task.Run(ReconnectAsync);
            return Task.CompletedTask;
        };

        _connection = connection;
        await connection.StartAsync(_stop.Token);
        _connectedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    /// <summary>blazor.web.js's default reconnection (ten immediate tries, ten every 5 s, then every 30 s, 30 in all), then ReconnectModal.razor.js's reload.</summary>
    private async Task ReconnectAsync()
    {
        if (Interlocked.Exchange(ref _reconnecting, 1) == 1)
        {
            return;
        }

        try
        {
            for (var attempt = 0; attempt < 30 && !_stop.IsCancellationRequested; attempt++)
            {
                await Task.Delay(attempt < 10 ? 0 : attempt < 20 ? 5000 : 30000, _stop.Token);
                try
                {
                    await ConnectAsync();
                    if (await _connection!.InvokeAsync<bool>("ConnectCircuit", _circuitId, _stop.Token)
                        || await _connection!.InvokeAsync<string?>("ResumeCircuit", _circuitId, _baseUrl, _baseUrl + _path, "[]", "", _stop.Token) is { Length: > 0 })
                    {
                        Resumed++;
                        Interactive = true;
                        ReadyAgainAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                        return;
                    }

                    // "rejected": the server answered but knows neither the circuit nor a persisted state: reload the page.
                    Reloads++;
                    await LoadAsync();
                    if (!await WaitInteractiveAsync(TimeSpan.FromSeconds(120)))
                    {
                        Problem("reloaded, not interactive within 120 s");
                    }

                    return;
                }
                catch (Exception e) when (e is not OutOfMemoryException && !_stop.IsCancellationRequested)
                {
                    Problem($"reconnect: {e.GetType().Name}: {FirstLine(e.Message)}");
                }
            }

            Problem("gave up reconnecting after 30 tries");
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
        finally
        {
            Interlocked.Exchange(ref _reconnecting, 0);
        }
    }

    private void Problem(string text) => Problems.Enqueue(Regex.Replace(text, "[0-9a-f]{8}-[0-9a-f-]{27}|[0-9]+", "N"));

    private static string FirstLine(string text) => text.Split('\n')[0];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_connection is { } c)
        {
            await c.DisposeAsync();
        }

        // What a closing tab sends (navigator.sendBeacon): the server ends the circuit now instead of retaining it for 3 minutes.
        if (_circuitId is not null)
        {
            try
            {
                using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["circuitId"] = _circuitId });
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var response = await SharedHttp.PostAsync(_baseUrl + "_blazor/disconnect", form, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // the instance is gone
            }
        }

        _stop.Dispose();
        _interactive.Dispose();
    }

    public override string ToString() => $"circuit {_index} {_path} {(Interactive ? "interactive" : "down")} since {_connectedAtMs}";

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex StatePattern();

    /// <summary>Blazor's hub speaks MessagePack under the name "blazorpack" (blazor.web.js renames its MessagePackHubProtocol the same way).</summary>
    private sealed class BlazorPackProtocol : IHubProtocol
    {
        private readonly MessagePackHubProtocol _inner = new();

        public string Name => "blazorpack";

        public int Version => _inner.Version;

        public TransferFormat TransferFormat => TransferFormat.Binary;

        public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }
}
