namespace Rectify.Domain.Reminders;

/// <summary>
/// Who else takes part in a run, resolved by the job: the administrators (党建办/组织部门) who receive
/// <see cref="DigestKind.AdminEscalation"/>, and the users who opted out of the optional due-soon mail.
/// </summary>
public sealed record ReminderAudience(IReadOnlyList<string> AdministratorIds, IReadOnlySet<string> OptedOutOfDueSoon)
{
    /// <summary>No administrators, nobody opted out.</summary>
    public static ReminderAudience None { get; } = new([], new HashSet<string>());
}
