using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rectify.Web.Evidence;

/// <summary>
/// What this instance's start-up check found about its evidence (<see cref="EvidenceCleanup"/>), for readiness: unhealthy when
/// the store cannot be read at all or holds none of the recorded files (the wrong folder, an unmigrated database), degraded
/// when some files are missing (every instance would lack them alike; taking all out of the balancer helps nobody).
/// </summary>
public sealed class EvidenceStatus
{
    private volatile Finding? _finding;

    public EvidenceCleanupReport? Report => _finding?.Report;

    public void Record(EvidenceStoreKind kind, EvidenceCleanupReport report) => _finding = new Finding(kind, report);

    /// <summary>The start-up finding as a health result; null before the check ran or when it found nothing wrong.</summary>
    public HealthCheckResult? Health()
    {
        if (_finding is not { } finding)
        {
            return null;
        }

        var (kind, report) = (finding.Kind, finding.Report);
        var store = kind == EvidenceStoreKind.Database ? "database" : "folder";
        if (report.Problem is not null)
        {
            return HealthCheckResult.Unhealthy($"evidence store ({store}) not readable at start-up: {report.Problem}");
        }

        if (report.MissingFiles.Count == 0)
        {
            return null;
        }

        var text = $"{report.MissingFiles.Count} of {report.Recorded} recorded evidence files missing from the {store} store at start-up. {Hint(kind)}";
        return report.MissingFiles.Count == report.Recorded ? HealthCheckResult.Unhealthy(text) : HealthCheckResult.Degraded(text);
    }

    /// <summary>What an operator most likely has to do.</summary>
    public static string Hint(EvidenceStoreKind kind) => kind == EvidenceStoreKind.Database
        ? "If the files are still in the evidence folder, run `migrate-evidence` (docs/operations.md)."
        : "Check that Rectify:DataFolder is the folder every instance shares, or use Evidence:Store=Database on PostgreSQL (docs/multi-instance.md).";

    private sealed record Finding(EvidenceStoreKind Kind, EvidenceCleanupReport Report);
}
