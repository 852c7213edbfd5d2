namespace Rectify.Web.Localization;

/// <summary>Dates as the users write them: 2026年11月21日 (long) or 2026-11-21 (short); English uses ISO and "21 Nov 2026".</summary>
public static class DateFormat
{
    public static string LongDate(DateOnly date) => LongDate(date, CultureInfo.CurrentUICulture);

    /// <summary>In the given language: for text made outside a request (mails written by a job), where the thread's culture is the server's.</summary>
    public static string LongDate(DateOnly date, CultureInfo culture) =>
        (culture ?? throw new ArgumentNullException(nameof(culture))).Name.StartsWith("zh", StringComparison.Ordinal)
            ? $"{date.Year}年{date.Month}月{date.Day}日"
            : date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string ShortDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ShortDate(DateOnly? date) => date is { } d ? ShortDate(d) : "";
}
