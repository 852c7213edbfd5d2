namespace Rectify.Domain.Reminders;

/// <summary>Why an item appears in a digest. See <see cref="ReminderLine.Days"/> for what the number means per reason.</summary>
public enum ReminderReason
{
    /// <summary>即将到期: exactly one of the configured numbers of days before the deadline. Optional mail.</summary>
    DueSoon = 0,
    /// <summary>今日到期: the deadline is today (not yet overdue). Optional mail, like <see cref="DueSoon"/>.</summary>
    DueToday = 1,
    /// <summary>已逾期: the deadline has passed; sent to the owner on the overdue cadence.</summary>
    Overdue = 2,
    /// <summary>逾期督办: overdue long enough to be escalated to the leader or the administrators.</summary>
    EscalatedOverdue = 3,
    /// <summary>长期坚持事项未按期报送进展: the reporting period passed without progress.</summary>
    LongTermReportMissing = 4,
    /// <summary>销号申请待您审核.</summary>
    AwaitingYourSignOff = 5,
    /// <summary>延期申请待您审批.</summary>
    AwaitingYourExtensionDecision = 6,
}
