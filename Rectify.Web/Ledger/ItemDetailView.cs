namespace Rectify.Web.Ledger;

/// <summary>Everything the item detail page shows, loaded for one user who may read the item.</summary>
public sealed record ItemDetailView(
    RectificationItem Item,
    ProblemList? List,
    string OrganizationName,
    IReadOnlyDictionary<string, string> UserNames,
    IReadOnlyDictionary<int, string> OrganizationNames,
    IReadOnlyList<AuditEntry> Audit)
{
    public string NameOf(string? userId) => UserDirectory.Name(UserNames, userId);

    /// <summary>The earlier item this one is marked as recurring (屡查屡犯), or null.</summary>
    public Recurrence.RecurrenceLink? RecurrenceOf { get; init; }
}
