using System.Diagnostics;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Rectify.Domain.Reports;
using Rectify.Tests.Support;
using Rectify.Web.LedgerIO;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Tests.LedgerIO;

/// <summary><c>import-report FILE</c>: the report parser from the command line, in-process and as a real process.</summary>
public sealed class ReportCommandTests
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "reports", name);

    private static (int? Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ReportCommand.TryRun(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("report-a.txt")]
    [InlineData("report-b.txt")]
    [InlineData("report-c.txt")]
    public void Each_sample_report_prints_its_problems_and_measures_as_JSON(string name)
    {
        var (exit, output, error) = Run("import-report", Sample(name));

        exit.ShouldBe(0);
        error.ShouldBeEmpty();
        using var json = JsonDocument.Parse(output);
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["problems", "measures"]);
        var problems = json.RootElement.GetProperty("problems").EnumerateArray().ToList();
        problems.ShouldNotBeEmpty();
        problems.ShouldAllBe(p => p.GetProperty("title").GetString()!.Length > 0 && p.GetProperty("text").GetString()!.Length > 0);
        json.RootElement.GetProperty("measures").GetArrayLength().ShouldBeGreaterThan(0);
        output.Trim().ShouldBe(new ReportParser().Parse(File.ReadAllText(Sample(name))).ToJson());
        output.ShouldContain("“"); // Chinese punctuation unescaped, readable in a terminal
    }

    [Fact]
    public void A_docx_report_gives_the_same_JSON_as_its_text()
    {
        using var folder = new TempFolder();
        var text = File.ReadAllText(Sample("report-a.txt"));
        var path = folder.File("述职报告.docx");
        using (var document = WordprocessingDocument.Create(path, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var body = new W.Body();
            foreach (var line in text.Split('\n'))
            {
                body.Append(new W.Paragraph(new W.Run(new W.Text(line.TrimEnd('\r')))));
            }

            document.AddMainDocumentPart().Document = new W.Document(body);
        }

        var (exit, output, _) = Run("import-report", path);

        exit.ShouldBe(0);
        output.Trim().ShouldBe(new ReportParser().Parse(text).ToJson());
    }

    [Fact]
    public void A_text_without_a_problems_section_exits_2_with_a_Chinese_message()
    {
        using var folder = new TempFolder();
        var path = folder.File("通知.txt");
        File.WriteAllText(path, "关于召开年终述职评议会议的通知\n各党支部：\n定于12月20日召开会议，请准时参加。\n");

        var (exit, output, error) = Run("import-report", path);

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe($"未在 {path} 中找到“存在的问题”部分。");
    }

    [Fact]
    public void A_missing_file_or_argument_exits_1()
    {
        var (exit, _, error) = Run("import-report", "/no/such/report.txt");
        exit.ShouldBe(1);
        error.Trim().ShouldBe("找不到文件：/no/such/report.txt");

        Run("import-report").Exit.ShouldBe(1);
    }

    [Fact]
    public void Other_arguments_start_the_web_app_as_usual()
    {
        ReportCommand.TryRun([]).ShouldBeNull();
        ReportCommand.TryRun(["--urls", "http://127.0.0.1:5000"]).ShouldBeNull();
    }

    [Fact]
    public async Task As_a_process_it_prints_JSON_and_exits_without_starting_the_web_host()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Rectify.Web.dll");
        using var folder = new TempFolder();
        var empty = folder.File("empty.txt");
        await File.WriteAllTextAsync(empty, "没有问题部分的文字。");

        var (exit, output, error) = await ProcessAsync(dll, Sample("report-b.txt"), folder.Path);
        exit.ShouldBe(0, error);
        output.Trim().ShouldBe(new ReportParser().Parse(await File.ReadAllTextAsync(Sample("report-b.txt"))).ToJson());
        output.ShouldNotContain("Now listening");
        // Neither a database nor a data folder was created in the working directory.
        Directory.EnumerateFileSystemEntries(folder.Path).ShouldBe([empty]);

        var (noProblems, _, message) = await ProcessAsync(dll, empty, folder.Path);
        noProblems.ShouldBe(2);
        message.ShouldContain("找到“存在的问题”部分");
    }

    private static async Task<(int Exit, string Output, string Error)> ProcessAsync(string dll, string file, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory, StandardOutputEncoding = System.Text.Encoding.UTF8, StandardErrorEncoding = System.Text.Encoding.UTF8 };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("import-report");
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
