using Rectify.Domain;
using Rectify.Web.Hosting;

namespace Rectify.Web.Ledger;

/// <summary>"Now" and "today" in the configured time zone (default Asia/Shanghai): every deadline decision uses this.</summary>
public sealed class LedgerClock(TimeProvider time, IOptions<RectifyOptions> options)
{
    public TimeZoneInfo Zone { get; } = options.Value.Zone;

    public int WarnDays { get; } = options.Value.DueSoonWarningDays;

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => Clock.Today(time, Zone);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The calendar day, in <see cref="Zone"/>, on which <paramref name="instant"/> falls: "today" for a job's run time, the day an item was closed.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>The instant the given local day begins (midnight in <see cref="Zone"/>), as UTC.</summary>
    public DateTimeOffset StartOfDay(DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);
}
