namespace Rectify.Web.Recurrence;

/// <summary>One problem of an import preview to look up (<see cref="RecurrenceSearch.SuggestManyAsync"/>); no organisation: anywhere.</summary>
public sealed record RecurrenceQuery(string Text, int? OrganizationId);
