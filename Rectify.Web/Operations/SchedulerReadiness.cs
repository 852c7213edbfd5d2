using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using Rectify.Web.Hosting;

namespace Rectify.Web.Operations;

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
