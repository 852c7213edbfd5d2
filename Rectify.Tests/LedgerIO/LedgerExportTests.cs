using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Documents;
using Rectify.Tests.Support;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.LedgerIO;

/// <summary>The ledger as .xlsx and the list report as .docx, downloaded over HTTP and read back with the Open XML SDK.</summary>
public abstract class LedgerExportTests(RectifyFactory app)
{
    /// <summary>On the app's default SQLite database.</summary>
    public sealed class OnSqlite(RectifyFactory app) : LedgerExportTests(app), IClassFixture<RectifyFactory>;

    /// <summary>On PostgreSQL: the same tests, so the two providers cannot drift apart.</summary>
    public sealed class OnPostgres(PostgresRectifyFactory app) : LedgerExportTests(app), IClassFixture<PostgresRectifyFactory>;

    private const string Study = "党员学习教育还需加强，理论学习存在“学用脱节”现象，学习形式单一。";
    private const string Late = "党建责任落实还不够严，对支部党建工作督促检查不够。";

    private async Task<(SpreadsheetDocument Document, Dictionary<string, string> Cells, HttpResponseMessage Response)> ExportAsync(string user, string query = "")
    {
        var client = await SignedInClientAsync(app, user);
        var response = await client.GetAsync($"/ledger/export.xlsx{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        // The sheet is hand-written markup (XlsxSheetWriter): every export must be valid against the Office schema.
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        errors.ShouldBeEmpty();
        return (document, Cells(document), response);
    }

    /// <summary>Row numbers (from 4) and their 问题描述.</summary>
    private static Dictionary<string, int> RowsByDescription(Dictionary<string, string> cells) =>
        cells.Where(c => c.Key.StartsWith('C') && int.Parse(c.Key[1..]) > 3).ToDictionary(c => c.Value, c => int.Parse(c.Key[1..]));

    [Fact]
    public async Task Export_has_the_title_the_twelve_columns_a_frozen_header_and_a_Chinese_file_name()
    {
        var (document, cells, response) = await ExportAsync("admin");
        using var _ = document;

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.FileNameStar.ShouldBe($"整改台账-{Iso(Today)}.xlsx");
        response.Content.Headers.GetValues("Content-Disposition").Single().ShouldContain("filename*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6");

        document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First().Name!.Value.ShouldBe("整改台账");
        cells["A1"].ShouldBe("整改台账");
        cells["A2"].ShouldContain("范围：全部整改事项");
        cells["A2"].ShouldContain($"导出日期：{Today.Year}年{Today.Month}月{Today.Day}日");
        cells["A2"].ShouldContain("共 7 项");
        Enumerable.Range(0, 12).Select(i => cells[$"{(char)('A' + i)}3"]).ShouldBe(LedgerIOTestSupport.Header);
        RowsByDescription(cells).Count.ShouldBe(7);

        var sheet = Sheet(document);
        var pane = sheet.Descendants<Pane>().Single();
        pane.State!.Value.ShouldBe(PaneStateValues.Frozen);
        pane.VerticalSplit!.Value.ShouldBe(3);
        pane.TopLeftCell!.Value.ShouldBe("A4");
        sheet.Descendants<MergeCell>().Select(m => m.Reference!.Value).ShouldBe(["A1:L1", "A2:L2"]);
        sheet.Descendants<AutoFilter>().Single().Reference!.Value.ShouldBe("A3:L10");
        sheet.Descendants<Column>().Single(c => c.Min!.Value == 3).Width!.Value.ShouldBeGreaterThan(25);
    }

    [Fact]
    public async Task Export_prints_on_A4_landscape_one_page_wide_with_the_header_on_every_page()
    {
        var (document, _, _) = await ExportAsync("admin");
        using var _d = document;

        var sheet = Sheet(document);
        var setup = sheet.Descendants<PageSetup>().Single();
        setup.Orientation!.Value.ShouldBe(OrientationValues.Landscape);
        setup.PaperSize!.Value.ShouldBe(9u);
        setup.FitToWidth!.Value.ShouldBe(1u);
        setup.FitToHeight!.Value.ShouldBe(0u);
        sheet.Descendants<PageSetupProperties>().Single().FitToPage!.Value.ShouldBeTrue();
        var titles = document.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Single();
        titles.Name!.Value.ShouldBe("_xlnm.Print_Titles");
        titles.Text.ShouldBe("'整改台账'!$3:$3");
        sheet.Descendants<OddFooter>().Single().Text.ShouldContain("&P");
    }

    [Fact]
    public async Task A_known_item_shows_its_source_measures_people_deadline_progress_and_status()
    {
        var (document, cells, _) = await ExportAsync("admin");
        using var _d = document;

        var row = RowsByDescription(cells)[Study];
        cells[$"B{row}"].ShouldBe("民主生活会");
        // Numbered one per line; the demo adds both measures in the same millisecond, so their order is not defined.
        var measures = cells[$"D{row}"].Split('\n');
        measures.Select(m => m[..3]).ShouldBe(["1. ", "2. "]);
        measures.Select(m => m[3..]).ShouldBe(["制定支部年度学习计划，每月开展集中学习不少于1次", "开展“学习强国”积分比学活动"], ignoreOrder: true);
        cells[$"E{row}"].ShouldBe("张伟");
        cells[$"F{row}"].ShouldBe("机关第一党支部");
        cells[$"G{row}"].ShouldBe("赵敏");
        cells[$"H{row}"].ShouldBe(Iso(Today.AddDays(20)));
        cells[$"I{row}"].ShouldBe($"{Iso(Today.AddDays(-10))} 已制定支部年度学习计划，组织集中学习2次。");
        cells[$"J{row}"].ShouldBe("整改中");
        cells.GetValueOrDefault($"K{row}", "").ShouldBe("");

        var signedOff = RowsByDescription(cells)["意识形态工作责任制落实不到位。"];
        cells[$"J{signedOff}"].ShouldBe("已审核：意识形态工作责任制已落实，专题研究2次，责任书签订全覆盖。");
        var longTerm = RowsByDescription(cells)["机关党建基础不牢，党员教育管理监督长效机制不健全。"];
        cells[$"H{longTerm}"].ShouldBe("长期坚持\n每月");
        var immediate = RowsByDescription(cells)[Late];
        cells[$"H{immediate}"].ShouldBe($"立行立改\n{Iso(Today.AddDays(-6))}");
    }

    [Fact]
    public async Task Overdue_rows_are_marked_red_and_say_how_late_they_are()
    {
        var (document, cells, _) = await ExportAsync("admin");
        using var _d = document;

        var rows = RowsByDescription(cells);
        var sheet = Sheet(document);
        var stylesheet = document.WorkbookPart!.GetPartsOfType<WorkbookStylesPart>().Single().Stylesheet;
        uint StyleOf(string reference) => sheet.Descendants<Cell>().Single(c => c.CellReference == reference).StyleIndex!.Value;
        string? FontColor(uint style) => stylesheet.Fonts!.Elements<Font>().ElementAt((int)stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)style).FontId!.Value).Color?.Rgb?.Value;
        string? FillColor(uint style) => stylesheet.Fills!.Elements<Fill>().ElementAt((int)stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)style).FillId!.Value).PatternFill?.ForegroundColor?.Rgb?.Value;

        var late = rows[Late];
        cells[$"J{late}"].ShouldBe("整改中（逾期6天）");
        FontColor(StyleOf($"C{late}")).ShouldBe("FFC00000");
        FillColor(StyleOf($"C{late}")).ShouldBe("FFFDE9E7");
        var study = rows[Study];
        FontColor(StyleOf($"C{study}")).ShouldBeNull();
        stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)StyleOf($"C{study}")).Alignment!.WrapText!.Value.ShouldBeTrue();
    }

    [Fact]
    public async Task A_secretary_exports_only_the_items_of_their_own_branch()
    {
        var (document, cells, _) = await ExportAsync("secretary2");
        using var _d = document;

        var rows = RowsByDescription(cells);
        rows.Count.ShouldBe(3);
        rows.Values.Select(r => cells[$"F{r}"]).ShouldAllBe(name => name == "社会福利院党支部");
        cells["A2"].ShouldContain("共 3 项");
    }

    [Fact]
    public async Task The_export_follows_the_filter_of_the_query_string()
    {
        var (document, cells, _) = await ExportAsync("admin", "?status=AwaitingSignOff");
        using var _d = document;

        RowsByDescription(cells).Keys.ShouldBe(["组织生活制度落实不严，组织生活内容单调、形式单一。"]);
        cells["A2"].ShouldContain("状态：待销号");
    }

    [Fact]
    public async Task Anonymous_users_cannot_export()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/ledger/export.xlsx", "/ledger/template.xlsx", $"/problem-lists/{Guid.NewGuid()}/report.docx", "/ledger/exports/0123456789abcdef0123456789abcdef" })
        {
            var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.ToString().ShouldContain("/Account/Login");
        }
    }

    [Fact]
    public async Task The_template_has_the_ledger_columns_a_sample_row_and_notes()
    {
        var client = await SignedInClientAsync(app, "secretary");
        var response = await client.GetAsync("/ledger/template.xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("问题清单导入模板.xlsx");
        using var document = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);

        var cells = Cells(document);
        Enumerable.Range(0, 13).Select(i => cells[$"{(char)('A' + i)}3"]).ShouldBe([.. LedgerIOTestSupport.Header, "问题类别"]);
        cells["A4"].ShouldBe("示例");
        cells["C4"].ShouldNotBeNullOrWhiteSpace();
        document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ShouldBe(["问题清单", "填写说明"]);
        Cells(document, 1).Values.ShouldContain(v => v.Contains("立行立改"));
    }

    [Fact]
    public async Task The_Word_report_lists_counts_and_each_problem_with_measures_progress_result_and_closing_date()
    {
        var listId = await ListIdAsync(app, "2026年度党组民主生活会");
        var client = await SignedInClientAsync(app, "admin");
        var response = await client.GetAsync($"/problem-lists/{listId}/report.docx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("整改落实情况报告-2026年度党组民主生活会查摆问题清单.docx");
        using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);

        var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<W.Paragraph>().Select(p => p.InnerText).ToList();
        paragraphs[0].ShouldBe("整改落实情况报告");
        paragraphs[1].ShouldBe("2026年度党组民主生活会查摆问题清单");
        paragraphs.ShouldContain(p => p.StartsWith("问题来源：民主生活会；"));
        paragraphs.ShouldContain($"截至{Today.Year}年{Today.Month}月{Today.Day}日，共有问题 4 个，已销号 0 个，整改中 4 个，其中逾期 0 个。");
        var heading = paragraphs.IndexOf($"1. {Study}");
        heading.ShouldBeGreaterThan(0);
        paragraphs[heading + 2].ShouldBe("整改措施：");
        new[] { paragraphs[heading + 3][..3], paragraphs[heading + 4][..3] }.ShouldBe(["（1）", "（2）"]);
        new[] { paragraphs[heading + 3][3..], paragraphs[heading + 4][3..] }.ShouldBe(["制定支部年度学习计划，每月开展集中学习不少于1次", "开展“学习强国”积分比学活动"], ignoreOrder: true);
        paragraphs[heading + 5].ShouldBe("整改进展：");
        paragraphs[heading + 6].ShouldBe($"{Today.AddDays(-10).Year}年{Today.AddDays(-10).Month}月{Today.AddDays(-10).Day}日：已制定支部年度学习计划，组织集中学习2次。（完成40%）");
        paragraphs[heading + 7].ShouldBe("完成情况：整改中");
        paragraphs[heading + 8].ShouldBe("销号时间：未销号");
        paragraphs.ShouldContain("完成情况：待销号：组织生活会已规范召开，谈心谈话全覆盖，会议记录已归档。");

        var fonts = document.MainDocumentPart.Document.Body.Descendants<W.Run>().Select(r => r.RunProperties?.RunFonts?.EastAsia?.Value).Distinct().ToList();
        fonts.ShouldAllBe(f => f == "仿宋" || f == "黑体" || f == "宋体" || f == "楷体");
        fonts.ShouldContain((string?)"仿宋");
    }

    [Fact]
    public async Task The_Word_report_is_scoped_like_the_ledger_and_404s_for_an_unknown_list()
    {
        var listId = await ListIdAsync(app, "2026年度党组民主生活会");
        var client = await SignedInClientAsync(app, "secretary2");
        using var document = WordprocessingDocument.Open(new MemoryStream(await client.GetByteArrayAsync($"/problem-lists/{listId}/report.docx")), false);
        var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<W.Paragraph>().Select(p => p.InnerText).ToList();
        paragraphs.ShouldContain(p => p.Contains("共有问题 1 个"));
        paragraphs.ShouldContain("1. 作风建设仍有差距，深入基层调研不够。");
        paragraphs.ShouldNotContain(p => p.Contains(Study));

        (await client.GetAsync($"/problem-lists/{Guid.NewGuid()}/report.docx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_Word_report_of_a_list_outside_the_users_scope_is_refused_without_its_title_or_source()
    {
        var admin = await AccessAsync(app, "admin");
        Guid listId;
        await using (var db = app.CreateDbContext())
        {
            // A list with no item of secretary2's branch (here: no items yet at all).
            var list = Rectify.Domain.Ledger.ProblemList.Create(admin, "巡察反馈问题清单（内部）", Rectify.Domain.Ledger.ProblemSource.Inspection,
                Today, await OrganizationIdAsync(app, "区民政局党组"), DateTimeOffset.UtcNow);
            db.ProblemLists.Add(list);
            await db.SaveChangesAsync();
            listId = list.Id;
        }

        var response = await (await SignedInClientAsync(app, "secretary2")).GetAsync($"/problem-lists/{listId}/report.docx");
        var body = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        System.Text.Encoding.UTF8.GetString(body).ShouldNotContain("巡察");
        (await (await SignedInClientAsync(app, "admin")).GetAsync($"/problem-lists/{listId}/report.docx")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
