namespace Rectify.Web.Recurrence;

/// <summary>
/// A likely recurrence waiting on the administrators' page: the later item (<see cref="ItemId"/>, its version for the
/// optimistic check) and the earlier one of the same organisation, with where each was found and how the earlier was closed.
/// </summary>
public sealed record RecurrenceCandidate(
    Guid ItemId,
    int ItemVersion,
    string Number,
    string Description,
    int Year,
    string OrganizationName,
    Guid EarlierItemId,
    string EarlierNumber,
    string EarlierDescription,
    int EarlierYear,
    ItemStatus EarlierStatus,
    DateTimeOffset? EarlierClosedAt,
    string? EarlierCompletionSummary,
    double Score);
