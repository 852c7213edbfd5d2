using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rectify.Web.Operations;

/// <summary>
/// The readiness checks as a metric (rectify.health.check.status, per check: 1 healthy, 0.5 degraded, 0 unhealthy), so that
/// Prometheus can alert on readiness without a prober calling /health/ready. The health-check publisher runs the checks
/// tagged "ready" in the background (first after <see cref="FirstRun"/>, then every <see cref="Period"/>); a scrape reads the last results.
/// </summary>
public sealed class ReadinessMetrics : IHealthCheckPublisher
{
    public static readonly TimeSpan FirstRun = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    private volatile HealthReport? _last;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _last = report;
        return Task.CompletedTask;
    }

    /// <summary>The last results, one measurement per check (none before the first run).</summary>
    internal IEnumerable<System.Diagnostics.Metrics.Measurement<double>> Read() =>
        _last is { } report
            ? report.Entries.Select(e => new System.Diagnostics.Metrics.Measurement<double>(
                e.Value.Status switch { HealthStatus.Healthy => 1, HealthStatus.Degraded => 0.5, _ => 0 },
                new KeyValuePair<string, object?>("check", e.Key)))
            : [];
}
