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

/// <summary>The evidence folder exists and takes a file.</summary>
public sealed class EvidenceStoreReadiness(EvidenceStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(FolderProbe.Writable(store.Root, out var error)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"evidence folder not writable: {error}"));
}
