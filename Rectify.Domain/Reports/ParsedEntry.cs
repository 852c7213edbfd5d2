namespace Rectify.Domain.Reports;

/// <summary>One problem or measure found in a report.</summary>
/// <param name="Title">
/// The entry's headline: its lead sentence or phrase, without the list marker (一是, （一）, 1. …)
/// and without trailing punctuation.
/// </param>
/// <param name="Text">
/// The whole entry with the marker removed; an entry spanning several paragraphs keeps them joined by '\n'.
/// </param>
public sealed record ParsedEntry(string Title, string Text);
