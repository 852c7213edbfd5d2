namespace Rectify.Domain.Reports;

/// <summary>
/// Reads a party secretary's year-end report (述职报告) and extracts the problems it admits
/// (存在的问题) and the next steps it promises (下一步工作措施), so they can be imported into a
/// problem list. Pure: it takes the report's text and does no I/O.
/// </summary>
/// <remarks>
/// Works from the structure such reports share rather than from particular texts:
/// <list type="number">
/// <item>normalise line endings and spaces, drop noise lines (web banners, footers, contact lines, page numbers);</item>
/// <item>follow the headings (二、… / 第二部分 / （二）… / bare 存在问题：), classified by keywords, to find the
/// problems and next-steps parts and to skip cause analysis, the 履职 part and closing lines;</item>
/// <item>split each part into entries on the markers the report uses (一是, 其一, （一）, (1), 1., ①, 第一，),
/// taking the outermost level as the entries; text before the first entry (a lead-in such as "…取得了一些成绩，
/// 但也存在一些问题，") is never an entry;</item>
/// <item>read tables (序号 | 问题 | 措施 | 时限 | 责任人, one tab-separated line per row) row by row.</item>
/// </list>
/// </remarks>
public sealed class ReportParser
{
    public ReportParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var walker = new SectionWalker();
        foreach (var (line, table) in ReportText.ToItems(text))
        {
            if (table is not null)
            {
                walker.FeedTable(table);
                continue;
            }

            if (line is null || NoiseFilter.IsNoise(line))
            {
                continue;
            }

            foreach (var segment in Headings.SplitInline(line))
            {
                walker.Feed(segment);
            }
        }

        if (!walker.FoundProblems)
        {
            return ReportParseResult.NotFound;
        }

        return new ReportParseResult(
            Entries(walker, SectionKind.Problems),
            Entries(walker, SectionKind.Measures),
            foundProblemsSection: true)
        {
            Causes = [.. Entries(walker, SectionKind.Cause)],
        };
    }

    private static IEnumerable<ParsedEntry> Entries(SectionWalker walker, SectionKind kind) =>
        walker.Blocks.Where(b => b.Kind == kind).SelectMany(b => b.Entries ?? EntrySplitter.Split(b.Paragraphs));
}
