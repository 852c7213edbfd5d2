using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;

namespace Rectify.Web.Operations;

/// <summary>
/// Mail can leave: the SMTP server accepts a TCP connection (no SMTP conversation: a probe every few seconds must not look
/// like a client to the mail server's abuse limits), or, without a host, the pickup folder is writable.
/// </summary>
public sealed class MailTransportReadiness(IOptions<MailOptions> mail, IOptions<RectifyOptions> rectify, IHostEnvironment environment) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = mail.Value;
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            var folder = Path.Combine(rectify.Value.ResolveDataFolder(environment.ContentRootPath), options.PickupFolder);
            return FolderProbe.Writable(folder, out var error)
                ? HealthCheckResult.Healthy("pickup folder")
                : HealthCheckResult.Unhealthy($"pickup folder not writable: {error}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(options.Host, options.Port, timeout.Token);
            return HealthCheckResult.Healthy($"{options.Host}:{options.Port}");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"SMTP server {options.Host}:{options.Port} not reachable");
        }
    }
}
