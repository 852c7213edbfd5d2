using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Rectify.Tests.Support;

namespace Rectify.Tests.Web;

/// <summary>
/// The circuit's WebSocket is compressed, but the server does not keep its compression context between messages: with context
/// takeover .NET keeps a zlib deflater (a few hundred KB of native memory) for every open circuit (decision 0040). A real Kestrel, because
/// the in-process test server's WebSockets do not negotiate compression.
/// </summary>
public sealed class CircuitWebSocketTests
{
    [Fact]
    public async Task Circuit_websocket_is_compressed_without_server_context_takeover()
    {
        using var app = new RectifyFactory();
        var baseUrl = new Uri(app.StartKestrel());
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var negotiate = await http.PostAsync("_blazor/negotiate?negotiateVersion=1", content: null);
        negotiate.EnsureSuccessStatusCode();
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();

        using var socket = new ClientWebSocket();
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"ws://{baseUrl.Authority}/_blazor?id={Uri.EscapeDataString(token!)}"), CancellationToken.None);

        var extensions = string.Join(", ", socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"]);
        extensions.ShouldContain("permessage-deflate");
        extensions.ShouldContain("server_no_context_takeover");
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }
}
