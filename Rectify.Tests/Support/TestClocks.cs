namespace Rectify.Tests.Support;

/// <summary>A clock that stands still until the test moves it (Microsoft.Extensions.TimeProvider.Testing is not available).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now;
}

/// <summary>
/// Real time, moved by an offset: timers and delays run at the normal pace, but "now" reads as another date. Lets the
/// Quartz scheduler run for real while believing it is, say, three days later.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset pretendNow) : TimeProvider
{
    public TimeSpan Offset { get; set; } = pretendNow - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
