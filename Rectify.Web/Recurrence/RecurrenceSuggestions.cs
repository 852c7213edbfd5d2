namespace Rectify.Web.Recurrence;

/// <summary>
/// What the recurrence search found for a text: the best matches in the same organisation, and separately elsewhere (or, with
/// no organisation chosen yet, anywhere). <see cref="TooShort"/>: the text has no three characters in a row to search for.
/// </summary>
public sealed record RecurrenceSuggestions(bool TooShort, IReadOnlyList<RecurrenceSuggestion> SameOrganization, IReadOnlyList<RecurrenceSuggestion> Elsewhere)
{
    public static RecurrenceSuggestions None { get; } = new(false, [], []);

    public static RecurrenceSuggestions ShortText { get; } = new(true, [], []);

    public bool Any => SameOrganization.Count > 0 || Elsewhere.Count > 0;

    /// <summary>The best suggestion of both groups (same organisation first on equal scores).</summary>
    public RecurrenceSuggestion? Best =>
        SameOrganization.Concat(Elsewhere).OrderByDescending(s => s.Score).FirstOrDefault();
}
