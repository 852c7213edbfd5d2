namespace Rectify.Web.Recurrence;

/// <summary>The waiting pairs: how many in all, and the first <see cref="RecurrenceReview.Shown"/> of them.</summary>
public sealed record RecurrenceCandidates(int Total, IReadOnlyList<RecurrenceCandidate> Rows);
