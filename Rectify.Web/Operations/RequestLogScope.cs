using System.Security.Claims;

namespace Rectify.Web.Operations;

/// <summary>
/// Every log line written while a request (or the Blazor circuit it opened) runs carries the signed-in user's login name,
/// beside the request id, path and trace id ASP.NET Core already puts in the scope (Logging:Console:IncludeScopes).
/// </summary>
public sealed class RequestLogScope(RequestDelegate next, ILogger<RequestLogScope> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var user = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.Name) : null;
        // A message-template scope: the console prints it as "User:admin" (a dictionary would print as its type name), and
        // structured log sinks still get the key "User".
        using (logger.BeginScope("User:{User}", user ?? "-"))
        {
            await next(context);
        }
    }
}
