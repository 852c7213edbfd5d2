namespace Rectify.Web.LedgerIO;

/// <summary>Reports progress to a page at most every <paramref name="interval"/>, from any thread (the work runs off the circuit).</summary>
public sealed class ThrottledProgress(Func<LedgerProgress, Task> report, TimeSpan interval) : IProgress<LedgerProgress>
{
    private long _last;

    public void Report(LedgerProgress value)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _last);
        if (value.Phase == LedgerPhase.Done || now - last >= interval.TotalMilliseconds)
        {
            Interlocked.Exchange(ref _last, now);
            _ = report(value);
        }
    }
}
