namespace Rectify.Tests.Support;

/// <summary>
/// "Nothing more arrived" checks. Once what a test expects has arrived (waited for as a condition), a duplicate can only be
/// excluded by watching for a while: these helpers watch for a bound the caller names, check all along, and fail the moment
/// anything more shows up. Each bound below says why it is long enough.
/// </summary>
public static class Quiet
{
    /// <summary>
    /// A second copy of a mail sent to the loopback SMTP test server: a duplicate would be sent by the same dispatch run (over
    /// the open connection) or by a run already under way, and arrives within milliseconds; no run is scheduled by these
    /// tests after the last one they start, so half a second is many times what a late duplicate needs.
    /// </summary>
    public static readonly TimeSpan AfterLastSmtpDelivery = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A second firing of a Quartz job after the one awaited: the scheduler's store is polled about every second and the
    /// outbox dispatch runs every second in the scheduler tests (Jobs:DispatchOutboxSeconds), so two seconds cover at least
    /// one more scheduler pass and one more dispatch on each node.
    /// </summary>
    public static readonly TimeSpan AfterLastJobRun = TimeSpan.FromSeconds(2);

    /// <summary>Fails as soon as <paramref name="count"/> differs from <paramref name="expected"/> within <paramref name="period"/>.</summary>
    public static Task AssertNothingArrivesWithinAsync(TimeSpan period, Func<int> count, int expected, string what) =>
        AssertNothingArrivesWithinAsync(period, () => Task.FromResult(count()), expected, what);

    /// <inheritdoc cref="AssertNothingArrivesWithinAsync(TimeSpan, Func{int}, int, string)"/>
    public static async Task AssertNothingArrivesWithinAsync(TimeSpan period, Func<Task<int>> count, int expected, string what)
    {
        ArgumentNullException.ThrowIfNull(count);
        var until = DateTime.UtcNow + period;
        while (true)
        {
            (await count()).ShouldBe(expected, $"{what}: nothing more within {period.TotalMilliseconds:F0} ms");
            if (DateTime.UtcNow >= until)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }
}
