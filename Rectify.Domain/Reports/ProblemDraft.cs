namespace Rectify.Domain.Reports;

/// <summary>A problem taken from a 述职报告, as the user reviews it before creating an item.</summary>
public sealed class ProblemDraft
{
    public bool Include { get; set; } = true;

    public string Title { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>整改措施, one per line.</summary>
    public string Measures { get; set; } = "";

    /// <summary>Whether the problem came from a row of a table in the report (so it may name its deadline and people).</summary>
    public bool FromTable { get; set; }

    /// <summary>整改时限 as the report's table wrote it; empty to use the one chosen for all.</summary>
    public string Deadline { get; set; } = "";

    /// <summary>责任人 as the report's table wrote it; empty to use the one chosen for all.</summary>
    public string Owner { get; set; } = "";

    /// <summary>责任领导 as the report's table wrote it; empty to use the one chosen for all.</summary>
    public string Leader { get; set; } = "";

    /// <summary>责任单位 as the report's table wrote it; empty to use the one chosen for all.</summary>
    public string Organization { get; set; } = "";
}
