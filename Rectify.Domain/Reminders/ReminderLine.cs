namespace Rectify.Domain.Reminders;

/// <summary>One item in a digest.</summary>
/// <param name="Deadline">
/// The deadline the line is about: the item's deadline, or for <see cref="ReminderReason.LongTermReportMissing"/> the day
/// the progress report was due.
/// </param>
/// <param name="Days">
/// <see cref="ReminderReason.DueSoon"/>: days left; <see cref="ReminderReason.DueToday"/>: 0;
/// <see cref="ReminderReason.Overdue"/> and <see cref="ReminderReason.EscalatedOverdue"/>: days overdue;
/// <see cref="ReminderReason.LongTermReportMissing"/>: days since the report was due;
/// the two decision reasons: whole days the request has been waiting.
/// </param>
public sealed record ReminderLine(Guid ItemId, string Number, string Title, ReminderReason Reason, DateOnly? Deadline, int? Days);
