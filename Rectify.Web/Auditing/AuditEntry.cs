using Rectify.Domain.Auditing;

namespace Rectify.Web.Auditing;

/// <summary>操作记录: one stored <see cref="AuditRecord"/>. Rows are only ever inserted, never updated or deleted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public string EntityType { get; set; } = "";

    public string EntityId { get; set; } = "";

    public string Action { get; set; } = "";

    public string ActorId { get; set; } = "";

    public string ActorName { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public string? Comment { get; set; }

    /// <summary>SHA-256 (hex) of this entry's content and <see cref="PreviousHash"/>; null until sealed by <see cref="AuditChain"/>.</summary>
    public string? Hash { get; set; }

    /// <summary>The <see cref="Hash"/> of the entry sealed before this one (empty for the first): the chain's link.</summary>
    public string? PreviousHash { get; set; }

    public static AuditEntry From(AuditRecord r) => new()
    {
        EntityType = r.EntityType,
        EntityId = r.EntityId,
        Action = r.Action,
        ActorId = r.ActorId,
        ActorName = r.ActorName,
        At = r.At,
        Before = r.Before,
        After = r.After,
        Comment = r.Comment,
    };
}
