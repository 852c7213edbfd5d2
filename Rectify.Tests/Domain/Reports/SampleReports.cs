namespace Rectify.Tests.Domain.Reports;

/// <summary>The real 述职报告 under TestData/reports, copied to the test output directory.</summary>
internal static class SampleReports
{
    public const string A = "report-a.txt";
    public const string B = "report-b.txt";
    public const string C = "report-c.txt";

    public static string Load(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "reports", name));
}
