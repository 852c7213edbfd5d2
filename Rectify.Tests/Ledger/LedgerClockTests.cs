using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Rectify.Tests.Domain.Reminders;
using Rectify.Web.Hosting;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Ledger;

/// <summary>One "today" and one zone for the whole app: jobs, exports and pages read the day through the ledger clock.</summary>
public class LedgerClockTests
{
    [Theory]
    [InlineData("2026-11-21T15:59:00Z", "2026-11-21")] // 23:59 in Shanghai
    [InlineData("2026-11-21T16:00:00Z", "2026-11-22")] // midnight in Shanghai
    public void The_day_of_an_instant_is_read_in_the_configured_zone(string instant, string day)
    {
        var clock = new LedgerClock(new FakeTimeProvider(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)), Options.Create(new RectifyOptions()));

        clock.DayOf(clock.Now).ShouldBe(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        clock.Today.ShouldBe(clock.DayOf(clock.Now));
    }

    [Theory]
    [InlineData(null, "Asia/Shanghai")]
    [InlineData("Asia/Urumqi", "Asia/Urumqi")]
    [InlineData("Mars/Olympus", "Asia/Shanghai")] // refused at start by validation; never UTC meanwhile
    public void Registration_reads_the_configured_zone_and_falls_back_to_Shanghai_not_UTC(string? configured, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rectify:TimeZone"] = configured }).Build();

        RectifyOptions.ZoneFrom(configuration).Id.ShouldBe(expected);
    }
}
