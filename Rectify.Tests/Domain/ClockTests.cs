using Rectify.Domain;

namespace Rectify.Tests.Domain;

public class ClockTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Today_is_the_calendar_day_in_Shanghai_not_UTC()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Clock.DefaultTimeZone);
        // 2026-11-21 16:30 UTC is 2026-11-22 00:30 in Shanghai.
        var time = new FixedTime(new DateTimeOffset(2026, 11, 21, 16, 30, 0, TimeSpan.Zero));
        Clock.Today(time, zone).ShouldBe(new DateOnly(2026, 11, 22));
    }
}
