namespace Rectify.Domain.Reminders;

/// <summary>On which days after a missed date a reminder goes out. Weekends and holidays are ordinary days.</summary>
public static class ReminderCadence
{
    /// <summary>Once the daily window has passed, reminders go out on every 7th day late (7, 14, 21, …).</summary>
    public const int WeeklyInterval = 7;

    /// <summary>
    /// True when an item <paramref name="daysLate"/> days past its date is reminded today: every day from day 1 up to
    /// <see cref="ReminderSettings.OverdueDailyForDays"/>, then only on multiples of 7 (default: days 1–7, 14, 21, 28, …).
    /// </summary>
    public static bool IsReminderDay(int daysLate, ReminderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (daysLate < 1)
        {
            return false;
        }

        return daysLate <= settings.OverdueDailyForDays || daysLate % WeeklyInterval == 0;
    }

    /// <summary>
    /// True when an item <paramref name="daysLate"/> days overdue is escalated today to someone whose threshold is
    /// <paramref name="thresholdDays"/>: never before the threshold, always on the threshold day itself (even when that is not a
    /// cadence day, so the first escalation is never delayed), and afterwards on the overdue cadence.
    /// </summary>
    public static bool IsEscalationDay(int daysLate, int thresholdDays, ReminderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (daysLate < 1 || daysLate < thresholdDays)
        {
            return false;
        }

        return daysLate == thresholdDays || IsReminderDay(daysLate, settings);
    }
}
