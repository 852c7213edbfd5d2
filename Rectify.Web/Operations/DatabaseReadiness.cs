using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;

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
