namespace Rectify.Web.Recurrence;

/// <summary>The earlier item an item recurs (屡查屡犯), as its page names it; <see cref="Readable"/> false: number only, no link.</summary>
public sealed record RecurrenceLink(Guid ItemId, string Number, string? Description, int Year, bool Readable);
