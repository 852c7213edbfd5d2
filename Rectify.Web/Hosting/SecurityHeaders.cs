namespace Rectify.Web.Hosting;

/// <summary>
/// Security headers on every response. The CSP allows what Blazor Server and BootstrapBlazor need and nothing else:
/// scripts and styles from this origin only (BootstrapBlazor sets inline styles, hence 'unsafe-inline' for styles, never
/// for scripts), the circuit's WebSocket to this origin, images from this origin and data: URLs, no framing by anyone.
/// There is deliberately no inline import map (which would need 'unsafe-inline' scripts): modules load by plain URL.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseRectifySecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            });
            await next();
        });
}
