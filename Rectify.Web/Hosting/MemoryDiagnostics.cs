using System.Diagnostics;
using System.Runtime;

namespace Rectify.Web.Hosting;

/// <summary>
/// GET /diagnostics/memory?gc=true&amp;trim=true: the server's memory as JSON (managed heap after an optional full, compacting collection,
/// the GC's committed memory and settings, working set, and where the resident memory is: <see cref="ProcessMemory"/>; trim=true first
/// gives the C heap's free memory back to the system), for the per-circuit memory measurement in docs/performance.md. Only mapped when
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

        app.MapGet("/diagnostics/memory", (bool? gc, bool? trim) =>
        {
            if (gc == true)
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            if (trim == true)
            {
                ProcessMemory.TrimNativeHeap();
            }

            var info = GC.GetGCMemoryInfo(GCKind.Any);
            var os = ProcessMemory.Read();
            using var process = Process.GetCurrentProcess();
            return Results.Json(new
            {
                managedBytes = GC.GetTotalMemory(forceFullCollection: false),
                heapSizeBytes = info.HeapSizeBytes,
                workingSetBytes = process.WorkingSet64,
                peakWorkingSetBytes = process.PeakWorkingSet64,
                gc = new
                {
                    committedBytes = info.TotalCommittedBytes,
                    fragmentedBytes = info.FragmentedBytes,
                    generationsAfterBytes = info.GenerationInfo.ToArray().Select(g => g.SizeAfterBytes).ToArray(),
                    pinnedObjects = info.PinnedObjectsCount,
                    server = GCSettings.IsServerGC,
                    latencyMode = GCSettings.LatencyMode.ToString(),
                    settings = GC.GetConfigurationVariables(),
                },
                os = new
                {
                    rssBytes = os.Rss,
                    privateBytes = os.Private,
                    anonymousBytes = os.Anonymous,
                    shmemBytes = os.Shmem,
                    fileBackedBytes = os.FileBacked,
                    doubleMappedCodeBytes = os.DoubleMapped,
                    mainArenaBytes = os.MainArena,
                    otherAnonymousBytes = os.OtherAnonymous,
                    mallocFromSystemBytes = os.MallocFromSystem,
                    mallocInUseBytes = os.MallocInUse,
                    mallocFreeBytes = os.MallocFree,
                    threads = os.Threads,
                    jitCompiledMethods = System.Runtime.JitInfo.GetCompiledMethodCount(),
                    jitCompiledILBytes = System.Runtime.JitInfo.GetCompiledILBytes(),
                },
            });
        }).RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }
}
