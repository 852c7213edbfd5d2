namespace Rectify.Domain;

/// <summary>Converts instants to the organisation's calendar day; every "today" and "overdue" goes through here.</summary>
public static class Clock
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    public static DateOnly Today(TimeProvider time, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
}
