using Rectify.Domain.Access;

namespace Rectify.Domain.Auditing;

/// <summary>
/// An aggregate that appends an <see cref="AuditRecord"/> for every change. The persistence layer saves
/// <see cref="PendingAudit"/> with the aggregate and then calls <see cref="ClearPendingAudit"/>;
/// it must not map <see cref="PendingAudit"/> as a column or navigation.
/// </summary>
public abstract class Auditable
{
    private readonly List<AuditRecord> _pendingAudit = [];

    public IReadOnlyList<AuditRecord> PendingAudit => _pendingAudit;

    public void ClearPendingAudit() => _pendingAudit.Clear();

    protected abstract string AuditEntityType { get; }

    protected abstract string AuditEntityId { get; }

    private protected void Audit(string action, Actor actor, DateTimeOffset at, AuditChanges? changes = null, string? comment = null) =>
        _pendingAudit.Add(new AuditRecord(
            AuditEntityType,
            AuditEntityId,
            action,
            actor.UserId,
            actor.DisplayName,
            at,
            changes?.BeforeJson,
            changes?.AfterJson,
            comment));
}
