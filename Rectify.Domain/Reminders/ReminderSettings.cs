namespace Rectify.Domain.Reminders;

/// <summary>How often and to whom reminders go. The defaults suit most organisations; <see cref="Validate"/> before use.</summary>
public sealed record ReminderSettings
{
    /// <summary>Days before the deadline on which the owner gets a due-soon line (exactly those days, not in between). Empty: none.</summary>
    public IReadOnlyList<int> DueSoonDays { get; init; } = [7, 3, 1];

    /// <summary>Overdue items are reminded every day for this many days after the deadline, then on every 7th day (14, 21, …).</summary>
    public int OverdueDailyForDays { get; init; } = 7;

    /// <summary>From this many days overdue the item's leader is told too (on the threshold day, then on the overdue cadence).</summary>
    public int EscalateToLeaderAfterDays { get; init; } = 3;

    /// <summary>From this many days overdue every administrator is told too (on the threshold day, then on the overdue cadence).</summary>
    public int EscalateToAdminAfterDays { get; init; } = 14;

    /// <summary>A sign-off or extension request waiting longer than this is put in the leader's decisions digest.</summary>
    public TimeSpan WaitingForDecisionAfter { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Each section of a mail lists at most this many items, the most urgent first, then says how many more there are and links
    /// to the item list of the whole section (decision 0049). At 1,000,000 items an administrator's escalation section held
    /// ~20,000 items (8.8 MB of HTML).
    /// </summary>
    public int MaxLinesPerSection { get; init; } = 100;

    public static ReminderSettings Default { get; } = new();

    /// <summary>
    /// Problems in these settings, each starting with the setting it concerns ("DueSoonDays: …"), in English for the operator
    /// who edits the configuration (they stop the app at start); empty when usable.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();

        if (DueSoonDays is null)
        {
            errors.Add("DueSoonDays: must be set; an empty list means no due-soon reminders.");
        }
        else
        {
            foreach (var day in DueSoonDays.Where(d => d < 1).Distinct().Order())
            {
                errors.Add($"DueSoonDays: {day} is less than 1 day; the due day itself is always reminded.");
            }

            foreach (var day in DueSoonDays.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key).Order())
            {
                errors.Add($"DueSoonDays: {day} is listed more than once.");
            }
        }

        if (OverdueDailyForDays < 0)
        {
            errors.Add($"OverdueDailyForDays: must not be negative (is {OverdueDailyForDays}).");
        }

        if (EscalateToLeaderAfterDays < 1)
        {
            errors.Add($"EscalateToLeaderAfterDays: must be at least 1 day (is {EscalateToLeaderAfterDays}).");
        }

        if (EscalateToAdminAfterDays < 1)
        {
            errors.Add($"EscalateToAdminAfterDays: must be at least 1 day (is {EscalateToAdminAfterDays}).");
        }

        if (EscalateToAdminAfterDays < EscalateToLeaderAfterDays)
        {
            errors.Add(
                $"EscalateToAdminAfterDays: {EscalateToAdminAfterDays} is less than EscalateToLeaderAfterDays ({EscalateToLeaderAfterDays}); the leader is told before the administrators.");
        }

        if (MaxLinesPerSection < 1)
        {
            errors.Add($"MaxLinesPerSection: must be at least 1 (is {MaxLinesPerSection}).");
        }

        if (WaitingForDecisionAfter < TimeSpan.Zero)
        {
            errors.Add("WaitingForDecisionAfter: must not be negative.");
        }

        return errors;
    }
}
