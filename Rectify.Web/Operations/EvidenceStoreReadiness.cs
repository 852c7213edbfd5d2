using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rectify.Web.Evidence;

namespace Rectify.Web.Operations;

/// <summary>
/// The evidence store takes files now (the folder is writable, or the database tables answer), and the start-up check found
/// the evidence this database records (<see cref="EvidenceStatus"/>).
/// </summary>
public sealed class EvidenceStoreReadiness(EvidenceStore store, EvidenceStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await store.Blobs.ProbeAsync(cancellationToken) is { } problem)
        {
            return HealthCheckResult.Unhealthy(problem);
        }

        return status.Health() ?? HealthCheckResult.Healthy(store.Blobs.Kind == EvidenceStoreKind.Database ? "database" : "folder");
    }
}
