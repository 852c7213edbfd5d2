using Rectify.Web.Hosting;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace Rectify.Web.Identity;

/// <summary>
/// Limits sign-in attempts per client address with ASP.NET Core's rate limiter: password guessing across many accounts
/// from one place is slowed down, which the per-account lockout alone does not do. Only POSTs of the login form count.
/// The client address is the one the forwarded-headers middleware settled on (X-Forwarded-For from a proxy on this
/// machine only). A limited attempt is not checked at all and goes back to the login page, which says so in the user's
/// language (not a bare 429 page).
/// </summary>
public static class SignInRateLimit
{
    public const string LimitedQueryKey = "limited";
    private const string LoginPath = "/Account/Login";

    public static IServiceCollection AddRectifySignInRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SignInLimitOptions>(configuration, SignInLimitOptions.Section);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInLimitOptions>, ILoggerFactory>((o, limits, logs) =>
        {
            var permits = limits.Value.AttemptsPerAddress;
            var window = TimeSpan.FromSeconds(limits.Value.WindowSeconds);
            var logger = logs.CreateLogger(typeof(SignInRateLimit).FullName!);
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context.Request)
                ? RateLimitPartition.GetSlidingWindowLimiter(ClientKey(context.Connection.RemoteIpAddress), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = window,
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = (rejected, _) =>
            {
                var http = rejected.HttpContext;
                logger.LogWarning("Sign-in attempts from {Client} exceed {Permits} per {Window}; refused.", ClientKey(http.Connection.RemoteIpAddress), permits, window);
                var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value)
                    .Where(q => !string.Equals(q.Key, LimitedQueryKey, StringComparison.OrdinalIgnoreCase))
                    .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
                    .Append(KeyValuePair.Create(LimitedQueryKey, (string?)"1"));
                // 303: the browser fetches the login page with GET, where the message is shown and the form can be used again later.
                http.Response.StatusCode = StatusCodes.Status303SeeOther;
                http.Response.Headers.Location = QueryHelpers.AddQueryString(LoginPath, query);
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static bool IsSignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>An IPv4 address as it is; an IPv6 address by its /64 network, which one client usually holds whole.</summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
