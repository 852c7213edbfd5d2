using System.Text.Json.Serialization;

namespace Rectify.Domain.Reports;

/// <summary>One problem, measure or cause found in a report.</summary>
/// <param name="Title">
/// The entry's headline: its lead sentence or phrase, without the list marker (一是, （一）, 1. …)
/// and without trailing punctuation.
/// </param>
/// <param name="Text">
/// The whole entry with the marker removed; an entry spanning several paragraphs keeps them joined by '\n'.
/// </param>
public sealed record ParsedEntry(string Title, string Text)
{
    /// <summary>A problem from a table row: the measures in its row (one per numbered item or paragraph); null for prose.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ParsedEntry>? Measures { get; init; }

    /// <summary>The row's 时限 as written (a date, 立行立改, 长期坚持 …); null when the report has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Deadline { get; init; }

    /// <summary>The row's 责任人 as written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Owner { get; init; }

    /// <summary>The row's 责任领导 as written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Leader { get; init; }

    /// <summary>The row's 责任单位 as written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Organization { get; init; }
}
