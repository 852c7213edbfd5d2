using Microsoft.Extensions.Primitives;

namespace Rectify.Web.Hosting;

/// <summary>
/// The circuit's WebSocket without context takeover in either direction (decisions 0040 and 0064). ASP.NET Core lets the app turn
/// off only the server's context takeover; for the browser's messages it accepts what the browser offers, and Chromium and Firefox
/// offer context takeover, so the server keeps a zlib inflater with its 32 KB window for every open circuit. Adding
/// <c>client_no_context_takeover</c> to the offer before the hub reads it makes ASP.NET Core answer with it (RFC 7692 lets a server
/// ask for it even when the offer did not): the browser then compresses each message on its own, and .NET frees the inflater
/// after each message instead of keeping it for the circuit's life. The browser's messages are small (events, acknowledgements),
/// so little compression is lost.
/// </summary>
public static class CircuitCompression
{
    private const string Deflate = "permessage-deflate";
    private const string ClientNoContextTakeover = "client_no_context_takeover";

    public static IApplicationBuilder UseCircuitClientNoContextTakeover(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var offers = context.Request.Headers.SecWebSocketExtensions;
        if (offers.Count > 0 && context.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase))
        {
            context.Request.Headers.SecWebSocketExtensions = WithClientNoContextTakeover(offers);
        }

        return next(context);
    });

    /// <summary>Each permessage-deflate offer with <c>client_no_context_takeover</c> added; other extensions unchanged.</summary>
    public static string WithClientNoContextTakeover(StringValues offers) =>
        string.Join(", ", offers.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(offer => offer.StartsWith(Deflate, StringComparison.OrdinalIgnoreCase) && !offer.Contains(ClientNoContextTakeover, StringComparison.OrdinalIgnoreCase)
                ? offer + "; " + ClientNoContextTakeover
                : offer));
}
