using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;
using Rectify.Web.Data;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;
using Rectify.Web.Ledger;
using Rectify.Web.Mail;

namespace Rectify.Web.Operations;

/// <summary>The database answers a query (the schema is migrated by then: readiness is asked only after start-up).</summary>
public sealed class DatabaseReadiness(IDbContextFactory<RectifyDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Organizations.AnyAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>The Quartz scheduler runs (or jobs are switched off on this instance, Jobs:Enabled = false).</summary>
public sealed class SchedulerReadiness(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var factory = services.GetService<ISchedulerFactory>();
        if (factory is null)
        {
            return HealthCheckResult.Healthy("jobs are switched off on this instance");
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the scheduler is {status}");
    }
}

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

/// <summary>The evidence folder exists and takes a file.</summary>
public sealed class EvidenceStoreReadiness(EvidenceStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(FolderProbe.Writable(store.Root, out var error)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"evidence folder not writable: {error}"));
}

internal static class FolderProbe
{
    public static bool Writable(string folder, out string? error)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".ready-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = ex.GetType().Name;
            return false;
        }
    }
}
