using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rectify.Web.Evidence;

namespace Rectify.Tests.Evidence;

/// <summary>What readiness makes of the start-up check (decision 0032): out of the balancer only when this instance can read none of it.</summary>
public sealed class EvidenceStatusTests
{
    [Fact]
    public void Some_files_missing_is_degraded_none_readable_is_unhealthy_and_nothing_missing_adds_nothing()
    {
        var status = new EvidenceStatus();
        status.Health().ShouldBeNull("before the check ran");

        status.Record(EvidenceStoreKind.Database, new EvidenceCleanupReport(0, 0, [], 3));
        status.Health().ShouldBeNull();

        status.Record(EvidenceStoreKind.Database, new EvidenceCleanupReport(0, 0, ["2026/0123456789abcdef0123456789abcdef"], 3));
        var some = status.Health()!.Value;
        some.Status.ShouldBe(HealthStatus.Degraded);
        some.Description.ShouldBe("1 of 3 recorded evidence files missing from the database store at start-up. If the files are still in the evidence folder, run `migrate-evidence` (docs/operations.md).");

        status.Record(EvidenceStoreKind.Folder, new EvidenceCleanupReport(0, 0, ["2026/0123456789abcdef0123456789abcdef"], 1));
        status.Health()!.Value.Status.ShouldBe(HealthStatus.Unhealthy);

        status.Record(EvidenceStoreKind.Folder, new EvidenceCleanupReport(0, 0, [], 5, "evidence folder not readable (UnauthorizedAccessException)"));
        status.Health()!.Value.Description.ShouldBe("evidence store (folder) not readable at start-up: evidence folder not readable (UnauthorizedAccessException)");
    }
}
