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
    public async Task Circuit_websocket_is_compressed_without_context_takeover()
    {
        using var app = new RectifyFactory();
        var baseUrl = new Uri(app.StartKestrel());
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var negotiate = await http.PostAsync("_blazor/negotiate?negotiateVersion=1", content: null);
        negotiate.EnsureSuccessStatusCode();
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();

        using var socket = new ClientWebSocket();
        // As a browser offers it: context takeover allowed on both sides.
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions { ClientContextTakeover = true, ServerContextTakeover = true };
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"ws://{baseUrl.Authority}/_blazor?id={Uri.EscapeDataString(token!)}"), CancellationToken.None);

        var extensions = string.Join(", ", socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"]);
        extensions.ShouldContain("permessage-deflate");
        extensions.ShouldContain("server_no_context_takeover");
        // Nor the browser's (decision 0064): asked for although the client offered context takeover.
        extensions.ShouldContain("client_no_context_takeover");
        // The connection works with what was negotiated: SignalR's handshake, compressed both ways.
        await socket.SendAsync("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count).ShouldBe("{}\u001e");
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    [Theory]
    [InlineData("permessage-deflate; client_max_window_bits", "permessage-deflate; client_max_window_bits; client_no_context_takeover")]
    [InlineData("permessage-deflate; client_no_context_takeover", "permessage-deflate; client_no_context_takeover")]
    [InlineData("x-webkit-deflate-frame, permessage-deflate", "x-webkit-deflate-frame, permessage-deflate; client_no_context_takeover")]
    public void Every_deflate_offer_asks_for_no_client_context_takeover(string offer, string rewritten) =>
        Rectify.Web.Hosting.CircuitCompression.WithClientNoContextTakeover(offer).ShouldBe(rewritten);
}
