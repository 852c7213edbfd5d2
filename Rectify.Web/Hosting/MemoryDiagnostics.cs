using System.Diagnostics;
using System.Runtime;
using Rectify.Web.Identity;

namespace Rectify.Web.Hosting;

/// <summary>
/// GET /diagnostics/memory?gc=true: the server's memory as JSON (managed heap after an optional full, compacting collection, working
/// set, peak working set), for the per-circuit memory measurement in docs/performance.md. Only mapped when
/// Diagnostics:MemoryEndpoint is true, and only for administrators: forcing a collection is not something to leave open.
/// </summary>
public static class MemoryDiagnostics
{
    public const string Setting = "Diagnostics:MemoryEndpoint";

    public static void MapMemoryDiagnostics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>(Setting))
        {
            return;
        }

        app.MapGet("/diagnostics/memory", (bool? gc) =>
        {
            if (gc == true)
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            using var process = Process.GetCurrentProcess();
            return Results.Json(new
            {
                managedBytes = GC.GetTotalMemory(forceFullCollection: false),
                heapSizeBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
                workingSetBytes = process.WorkingSet64,
                peakWorkingSetBytes = process.PeakWorkingSet64,
            });
        }).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }
}
