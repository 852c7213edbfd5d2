namespace Rectify.Web.Recurrence;

/// <summary>
/// An earlier problem that may be the same weakness as the one being entered: where it was found (list, year, organisation),
/// how far it got (status) and how it was closed (销号时间 and 整改完成情况), with its similarity score.
/// </summary>
public sealed record RecurrenceSuggestion(
    Guid ItemId,
    string Number,
    string Description,
    Guid ProblemListId,
    string ProblemListTitle,
    int Year,
    int OrganizationId,
    string OrganizationName,
    ItemStatus Status,
    DateTimeOffset? ClosedAt,
    string? CompletionSummary,
    double Score);
