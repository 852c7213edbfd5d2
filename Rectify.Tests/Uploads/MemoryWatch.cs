using System.Diagnostics;

namespace Rectify.Tests.Uploads;

/// <summary>
/// How much a process's memory grows during a call. Method: after a full GC, the process's working set
/// (<see cref="Process.WorkingSet64"/>, i.e. resident memory) is sampled every 10 ms on a dedicated thread while the call
/// runs; <see cref="PeakGrowthBytes"/> is the highest sample minus the sample taken before the call. Managed
/// allocations (<see cref="GC.GetTotalAllocatedBytes"/>) are recorded too, for the failure message. The test collection
/// runs one test at a time (xunit.runner.json), so other tests do not add to the figure; another process can be watched
/// by its id (the app started as a real process).
/// </summary>
internal sealed class MemoryWatch : IDisposable
{
    private readonly Process _process;
    private readonly Thread _thread;
    private readonly long _baseline;
    private readonly long _allocatedBefore;
    private readonly bool _own;
    private long _peak;
    private volatile bool _stop;

    private MemoryWatch(Process process, bool own)
    {
        _process = process;
        _own = own;
        if (own)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        _process.Refresh();
        _baseline = _process.WorkingSet64;
        _peak = _baseline;
        _allocatedBefore = own ? GC.GetTotalAllocatedBytes(precise: true) : 0;
        _thread = new Thread(Sample) { IsBackground = true, Name = "memory-watch" };
        _thread.Start();
    }

    /// <summary>Watches this test process.</summary>
    public static MemoryWatch OfThisProcess() => new(Process.GetCurrentProcess(), own: true);

    /// <summary>Watches another process (e.g. the app started by <see cref="Support.AppProcess"/>).</summary>
    public static MemoryWatch Of(int processId) => new(Process.GetProcessById(processId), own: false);

    public long PeakGrowthBytes => Math.Max(0, Interlocked.Read(ref _peak) - _baseline);

    public long AllocatedBytes { get; private set; }

    public string Describe() =>
        $"working set {_baseline / 1048576} MB before, peak growth {PeakGrowthBytes / 1048576} MB; managed allocations {AllocatedBytes / 1048576} MB";

    public void Stop()
    {
        if (_stop)
        {
            return;
        }

        _stop = true;
        _thread.Join();
        Record();
        if (_own)
        {
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Sample()
    {
        while (!_stop)
        {
            Record();
            Thread.Sleep(10);
        }
    }

    private void Record()
    {
        try
        {
            _process.Refresh();
            var now = _process.WorkingSet64;
            if (now > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, now);
            }
        }
        catch (InvalidOperationException)
        {
            // The watched process exited.
        }
    }
}
