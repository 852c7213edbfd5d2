using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
    public void Registration_and_the_ledger_clock_read_the_same_configured_zone(string? configured, string expected)
    {
        var services = new ServiceCollection();

        var settings = StartupSettings.Of(services, Configuration(configured), Path.GetTempPath());

        settings.Zone.Id.ShouldBe(expected); // the zone of the Quartz schedules
        using var provider = services.AddSingleton(TimeProvider.System).AddSingleton<LedgerClock>().BuildServiceProvider();
        provider.GetRequiredService<LedgerClock>().Zone.Id.ShouldBe(expected);
    }

    [Fact]
    public void An_unknown_zone_is_refused_at_registration_not_replaced_by_another()
    {
        Should.Throw<OptionsValidationException>(() => StartupSettings.Of(new ServiceCollection(), Configuration("Mars/Olympus"), Path.GetTempPath()))
            .Message.ShouldContain("Rectify:TimeZone 'Mars/Olympus'");
    }

    /// <summary>Rectify:TimeZone set to <paramref name="zone"/>, or not set at all when null.</summary>
    private static IConfiguration Configuration(string? zone) =>
        new ConfigurationBuilder().AddInMemoryCollection(zone is null ? [] : new Dictionary<string, string?> { ["Rectify:TimeZone"] = zone }).Build();
}
