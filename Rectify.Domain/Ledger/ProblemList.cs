using Rectify.Domain.Access;
using Rectify.Domain.Auditing;

namespace Rectify.Domain.Ledger;

/// <summary>问题清单: the problems found at one occasion (a 民主生活会, a 巡察 feedback…), numbered by <see cref="NumberPrefix"/>.</summary>
public sealed class ProblemList : Auditable
{
    private ProblemList()
    {
    }

    public Guid Id { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public ProblemSource Source { get; private set; }

    public DateOnly Date { get; private set; }

    public int IssuingOrganizationId { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Year of <see cref="Date"/> and the source's Chinese name, e.g. "2026-民主生活会"; items are numbered under it.</summary>
    public string NumberPrefix => $"{Date.Year}-{ProblemSourceNames.Name(Source)}";

    protected override string AuditEntityType => "ProblemList";

    protected override string AuditEntityId => Id.ToString();

    /// <summary>Administrators only. Source and date are fixed once created because item numbers derive from them.</summary>
    public static ProblemList Create(
        AccessContext access, string title, ProblemSource source, DateOnly date, int issuingOrganizationId, DateTimeOffset now)
    {
        if (!ItemAccess.CanCreate(access.Actor))
        {
            throw new DomainForbiddenException("problem_list.forbidden");
        }

        if (!Enum.IsDefined(source))
        {
            throw new DomainException("problem_list.source.unknown");
        }

        if (!access.Organizations.Contains(issuingOrganizationId))
        {
            throw new DomainException("problem_list.organization.unknown");
        }

        var list = new ProblemList
        {
            Id = Guid.CreateVersion7(now),
            Title = ValidTitle(title),
            Source = source,
            Date = date,
            IssuingOrganizationId = issuingOrganizationId,
            CreatedBy = access.Actor.UserId,
            CreatedAt = now,
        };
        list.Audit(AuditActions.ProblemListCreated, access.Actor, now, new AuditChanges()
            .Added("title", list.Title)
            .Added("source", list.Source)
            .Added("date", list.Date)
            .Added("issuingOrganizationId", list.IssuingOrganizationId));
        return list;
    }

    public void Retitle(AccessContext access, string title, DateTimeOffset now)
    {
        if (!ItemAccess.CanEdit(access.Actor))
        {
            throw new DomainForbiddenException("problem_list.forbidden");
        }

        var changes = new AuditChanges().Change("title", Title, ValidTitle(title));
        if (changes.IsEmpty)
        {
            return;
        }

        Title = ValidTitle(title);
        Audit(AuditActions.ProblemListUpdated, access.Actor, now, changes);
    }

    private static string ValidTitle(string title) =>
        TextRules.Required(title, LedgerLimits.ProblemListTitle, "problem_list.title", singleLine: true);
}
