using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rectify.Domain.Reports;

/// <summary>What <see cref="ReportParser"/> found in a 述职报告.</summary>
public sealed class ReportParseResult
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Keep Chinese readable in the CLI output instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public ReportParseResult(IEnumerable<ParsedEntry> problems, IEnumerable<ParsedEntry> measures, bool foundProblemsSection)
    {
        Problems = [.. problems];
        Measures = [.. measures];
        FoundProblemsSection = foundProblemsSection;
    }

    /// <summary>The result for a text without a problems section: nothing to import.</summary>
    public static ReportParseResult NotFound { get; } = new([], [], foundProblemsSection: false);

    /// <summary>The problems (存在的问题), cause analysis left out.</summary>
    public IReadOnlyList<ParsedEntry> Problems { get; }

    /// <summary>The causes (原因分析): never problems or measures; not part of the CLI's JSON.</summary>
    public IReadOnlyList<ParsedEntry> Causes { get; init; } = [];

    /// <summary>The next steps (下一步工作思路/措施).</summary>
    public IReadOnlyList<ParsedEntry> Measures { get; }

    /// <summary>Whether the text has a recognisable problems section at all.</summary>
    public bool FoundProblemsSection { get; }

    /// <summary>{"problems":[{"title":…,"text":…}],"measures":[…]}, compact, Chinese unescaped.</summary>
    public string ToJson() => JsonSerializer.Serialize(new JsonShape(Problems, Measures), JsonOptions);

    // The JSON contract of `import-report`: exactly these two arrays, nothing else.
    private sealed record JsonShape(IReadOnlyList<ParsedEntry> Problems, IReadOnlyList<ParsedEntry> Measures);
}
