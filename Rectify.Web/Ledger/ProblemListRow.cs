namespace Rectify.Web.Ledger;

public sealed record ProblemListRow(
    Guid Id, string Title, ProblemSource Source, DateOnly Date, int IssuingOrganizationId, string IssuingOrganizationName,
    IReadOnlyDictionary<ItemStatus, int> Counts)
{
    public int Total => Counts.Values.Sum();
}
