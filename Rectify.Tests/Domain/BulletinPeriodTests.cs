using Rectify.Domain.Bulletins;

namespace Rectify.Tests.Domain;

public class BulletinPeriodTests
{
    [Theory]
    [InlineData(BulletinCadence.Monthly, "2026-12-01", "2026-11-01", "2026-11-30", 11)]
    [InlineData(BulletinCadence.Monthly, "2026-12-31", "2026-11-01", "2026-11-30", 11)]
    [InlineData(BulletinCadence.Monthly, "2026-01-15", "2025-12-01", "2025-12-31", 12)]
    [InlineData(BulletinCadence.Monthly, "2028-03-01", "2028-02-01", "2028-02-29", 2)]
    [InlineData(BulletinCadence.Quarterly, "2026-12-07", "2026-07-01", "2026-09-30", 3)]
    [InlineData(BulletinCadence.Quarterly, "2026-10-01", "2026-07-01", "2026-09-30", 3)]
    [InlineData(BulletinCadence.Quarterly, "2026-01-01", "2025-10-01", "2025-12-31", 4)]
    [InlineData(BulletinCadence.Quarterly, "2026-04-30", "2026-01-01", "2026-03-31", 1)]
    public void The_period_of_a_run_is_the_last_month_or_quarter_that_ended_before_it(BulletinCadence cadence, string today, string start, string end, int ordinal)
    {
        var period = BulletinPeriod.LastCompleted(cadence, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        period.Start.ShouldBe(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        period.End.ShouldBe(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
        period.Ordinal.ShouldBe(ordinal);
    }
}
