namespace Rectify.Web.Recurrence;

/// <summary>
/// A likely recurrence found among existing items (<see cref="RecurrenceScan"/>): the later item looks like the earlier item of
/// the same organisation found again. Waits on the administrators' page (/admin/recurrences) until confirmed (the later item is
/// marked, <see cref="Domain.Ledger.RectificationItem.MarkRecurrence"/>) or dismissed (<see cref="RecurrenceDismissal"/>); either
/// removes it.
/// </summary>
public sealed class RecurrenceProposal
{
    public Guid Id { get; init; }

    /// <summary>The later item.</summary>
    public Guid ItemId { get; init; }

    public Guid EarlierItemId { get; init; }

    /// <summary>The bigram similarity of the two descriptions (<see cref="Domain.Recurrence.ProblemSimilarity.Score(string, string)"/>).</summary>
    public double Score { get; init; }

    public DateTimeOffset FoundAt { get; init; }
}
