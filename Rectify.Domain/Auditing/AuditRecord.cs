namespace Rectify.Domain.Auditing;

/// <summary>
/// 操作记录: one change, as appended by an aggregate and saved by the persistence layer as a row that is never deleted.
/// <see cref="Before"/>/<see cref="After"/> are compact JSON objects holding only the changed fields
/// (enum names, ISO dates; the UI localises them); <see cref="Comment"/> holds a reason or decision comment.
/// </summary>
public sealed record AuditRecord(
    string EntityType,
    string EntityId,
    string Action,
    string ActorId,
    string ActorName,
    DateTimeOffset At,
    string? Before,
    string? After,
    string? Comment);
