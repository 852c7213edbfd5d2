using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rectify.Documents;
using Rectify.Domain.Reports;
using Rectify.Web.LedgerIO;

namespace Rectify.Tests.Domain.Reports;

/// <summary>
/// Every report of TestData/reports/corpus (synthetic reports, one or more shapes each) and the three real samples parse
/// exactly to their expected result in corpus/expected/NAME.json: each problem's title, text, the measures proposed for
/// it and its table columns; the next steps; the causes. Each .txt is also written as a .docx (bold headings, tables as
/// Word tables) and as a .docx with Word's automatic list numbering, and those must parse to the same result.
/// Set RECTIFY_WRITE_EXPECTED=1 to write the actual results as expected files, then read every change before committing.
/// </summary>
public class ReportCorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "reports");

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static TheoryData<string> Reports()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "corpus"), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add("corpus/" + Path.GetFileName(file));
        }

        data.Add(SampleReports.A);
        data.Add(SampleReports.B);
        data.Add(SampleReports.C);
        return data;
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public void Text_report_parses_exactly(string name)
    {
        var actual = Describe(new ReportParser().Parse(File.ReadAllText(Path.Combine(Root, name))));

        Compare(name, actual, write: true);
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public void Docx_report_parses_like_its_text(string name)
    {
        var docx = ReportDocx.Build(File.ReadAllText(Path.Combine(Root, name)), listNumbers: false);

        Compare(name, Describe(new ReportParser().Parse(ReportDocumentReader.ReadDocx(new MemoryStream(docx)))), write: false);
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public void Docx_with_automatic_list_numbers_parses_like_its_text(string name)
    {
        var docx = ReportDocx.Build(File.ReadAllText(Path.Combine(Root, name)), listNumbers: true);

        Compare(name, Describe(new ReportParser().Parse(ReportDocumentReader.ReadDocx(new MemoryStream(docx)))), write: false);
    }

    private static void Compare(string name, string actual, bool write)
    {
        var expectedPath = Path.Combine(Root, "corpus", "expected", Path.GetFileNameWithoutExtension(name) + ".json");
        if (write && Environment.GetEnvironmentVariable("RECTIFY_WRITE_EXPECTED") == "1")
        {
            var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestData", "reports", "corpus", "expected"));
            File.WriteAllText(Path.Combine(source, Path.GetFileName(expectedPath)), actual);
        }

        File.Exists(expectedPath).ShouldBeTrue($"no expected result for {name}");
        actual.ShouldBe(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"));
    }

    /// <summary>What a user reviewing the drafts would see, as stable JSON.</summary>
    private static string Describe(ReportParseResult result)
    {
        var assigned = ReportDrafts.AssignMeasures(result);
        var problems = new JsonArray();
        for (var i = 0; i < result.Problems.Count; i++)
        {
            var p = result.Problems[i];
            var problem = new JsonObject
            {
                ["title"] = p.Title,
                ["text"] = p.Text,
                ["measures"] = new JsonArray([.. assigned[i].Select(m => (JsonNode)JsonValue.Create(m.Title)!)]),
            };
            Add(problem, "deadline", p.Deadline);
            Add(problem, "owner", p.Owner);
            Add(problem, "leader", p.Leader);
            Add(problem, "organization", p.Organization);
            problems.Add(problem);
        }

        var root = new JsonObject
        {
            ["found"] = result.FoundProblemsSection,
            ["problems"] = problems,
            ["measures"] = new JsonArray([.. result.Measures.Select(m => (JsonNode)JsonValue.Create(m.Title)!)]),
            ["causes"] = new JsonArray([.. result.Causes.Select(c => (JsonNode)JsonValue.Create(c.Title)!)]),
        };
        return root.ToJsonString(Json).ReplaceLineEndings("\n") + "\n";

        static void Add(JsonObject o, string key, string? value)
        {
            if (value is not null)
            {
                o[key] = value;
            }
        }
    }
}
