namespace Rectify.Web.LedgerIO;

/// <summary>Where imported problems go: an existing problem list, or a new one described here.</summary>
public sealed record ImportTarget
{
    public Guid? ExistingListId { get; init; }

    public string? NewTitle { get; init; }

    public ProblemSource NewSource { get; init; }

    public DateOnly NewDate { get; init; }

    public int NewIssuingOrganizationId { get; init; }

    public static ImportTarget Existing(Guid listId) => new() { ExistingListId = listId };

    public static ImportTarget New(string title, ProblemSource source, DateOnly date, int issuingOrganizationId) =>
        new() { NewTitle = title, NewSource = source, NewDate = date, NewIssuingOrganizationId = issuingOrganizationId };
}
