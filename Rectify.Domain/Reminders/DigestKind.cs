namespace Rectify.Domain.Reminders;

/// <summary>The kind of one digest mail; part of its idempotency key.</summary>
public enum DigestKind
{
    /// <summary>To the 责任人: due soon, due today, overdue, long-term progress missing.</summary>
    OwnerDeadlines = 0,
    /// <summary>To the 责任领导: their items overdue for at least <see cref="ReminderSettings.EscalateToLeaderAfterDays"/>.</summary>
    LeaderEscalation = 1,
    /// <summary>To every administrator: items overdue for at least <see cref="ReminderSettings.EscalateToAdminAfterDays"/>.</summary>
    AdminEscalation = 2,
    /// <summary>To the 责任领导: sign-off and extension requests waiting for their decision.</summary>
    LeaderDecisions = 3,
}
