using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rectify.Tests.Support;
using Rectify.Web.LedgerIO;
using Rectify.Web.Localization;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.LedgerIO;

/// <summary>
/// The import/export page in a real browser. The browser collection shares one app and database, so every test that
/// writes creates its own problem list with a unique title and unique problems.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LedgerIOBrowserTests(BrowserFixture browser)
{
    private static readonly LedgerExcelTemplate Template = new(new TextLocalizer(new TextCatalog()));

    private async Task<IPage> OpenAsync(string user, string query = "")
    {
        var page = await browser.SignInAsync(user);
        await page.GotoAsync($"ledger/import{query}");
        await BrowserFixture.WaitForCircuitAsync(page);
        return page;
    }

    [Fact]
    public async Task An_administrator_exports_the_ledger_with_a_progress_bar_and_downloads_a_sheet_that_opens()
    {
        var page = await OpenAsync("admin");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("导入导出");

        await page.ClickAsync("[data-testid=export-start]");
        await Assertions.Expect(page.Locator("[data-testid=export-result]")).ToContainTextAsync("台账已生成，共");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-download]"));

        download.SuggestedFilename.ShouldBe($"整改台账-{Iso(Today)}.xlsx");
        using var document = SpreadsheetDocument.Open(await download.PathAsync(), false);
        var cells = Cells(document);
        cells["A1"].ShouldBe("整改台账");
        Enumerable.Range(0, 12).Select(i => cells[$"{(char)('A' + i)}3"]).ShouldBe(LedgerIOTestSupport.Header);
        cells.Keys.Count(k => k.StartsWith('C') && int.Parse(k[1..]) > 3).ShouldBeGreaterThanOrEqualTo(7);
        await ScreenshotAsync(page, "ledger-io-export");

        // With a problem list chosen, its Word report is offered too.
        await page.SelectOptionAsync("[data-testid=export-list]", new SelectOptionValue { Label = "2026年度党组民主生活会查摆问题清单" });
        var report = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-word]"));
        report.SuggestedFilename.ShouldBe("整改落实情况报告-2026年度党组民主生活会查摆问题清单.docx");
    }

    [Fact]
    public async Task An_administrator_imports_a_filled_template_into_a_new_list()
    {
        using var folder = new TempFolder();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var path = folder.File("问题清单.xlsx");
        await using (var file = File.Create(path))
        {
            Template.Write(file, [new Dictionary<LedgerColumn, string>
            {
                [LedgerColumn.Source] = "民主生活会",
                [LedgerColumn.Description] = $"浏览器导入测试问题{unique}。",
                [LedgerColumn.Measures] = "1. 制定整改方案\n2. 召开专题会议",
                [LedgerColumn.Leader] = "张伟",
                [LedgerColumn.Organization] = "机关第一党支部",
                [LedgerColumn.Owner] = "赵敏",
                [LedgerColumn.Deadline] = Iso(Today.AddDays(60)),
            }]);
        }

        var page = await OpenAsync("admin");
        await page.ClickAsync("[data-testid=tab-import]");
        await page.CheckAsync("[data-testid=import-target-new]");
        await page.FillAsync("[data-testid=import-target-title]", $"浏览器导入测试清单{unique}");
        await page.SetInputFilesAsync("[data-testid=import-file]", path);

        await Assertions.Expect(page.Locator("[data-testid=import-valid]")).ToHaveTextAsync("校验通过：共 1 行，将新建 1 个整改事项，跳过 0 个。");
        await ScreenshotAsync(page, "ledger-io-import-checked");
        await page.ClickAsync("[data-testid=import-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=import-message]")).ToHaveTextAsync("导入成功：新建整改事项 1 个，跳过 0 个。");

        await using var db = browser.App.CreateDbContext();
        var item = db.Items.Single(i => i.Description == $"浏览器导入测试问题{unique}。");
        db.ProblemLists.Single(l => l.Id == item.ProblemListId).Title.ShouldBe($"浏览器导入测试清单{unique}");
    }

    [Fact]
    public async Task A_bad_file_gets_a_Chinese_refusal_and_rows_with_errors_are_listed()
    {
        using var folder = new TempFolder();
        var exe = folder.File("问题清单.xlsx");
        await File.WriteAllBytesAsync(exe, [.. "MZ"u8, .. new byte[2048]]);
        var invalid = folder.File("有错误的清单.xlsx");
        await using (var file = File.Create(invalid))
        {
            Template.Write(file, [new Dictionary<LedgerColumn, string>
            {
                [LedgerColumn.Description] = "单位填错的问题。",
                [LedgerColumn.Leader] = "张伟",
                [LedgerColumn.Organization] = "不存在的党支部",
                [LedgerColumn.Owner] = "赵敏",
                [LedgerColumn.Deadline] = "明年",
            }]);
        }

        var page = await OpenAsync("admin", "?tab=import");
        await page.CheckAsync("[data-testid=import-target-new]");
        await page.FillAsync("[data-testid=import-target-title]", "不会创建的清单");

        await page.SetInputFilesAsync("[data-testid=import-file]", exe);
        await Assertions.Expect(page.Locator("[data-testid=import-refusal]")).ToHaveTextAsync("这是一个程序文件（如 .exe），不是 Excel 表格，已拒绝导入。请上传 .xlsx 文件。");
        await Assertions.Expect(page.Locator("[data-testid=import-confirm]")).ToHaveCountAsync(0);

        await page.SetInputFilesAsync("[data-testid=import-file]", invalid);
        await Assertions.Expect(page.Locator("[data-testid=import-invalid]")).ToContainTextAsync("发现 2 处错误，未导入任何内容");
        var rows = page.Locator("[data-testid=import-errors] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("5责任单位找不到党组织“不存在的党支部”");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("5整改时限无法识别的整改时限“明年”");
        await Assertions.Expect(page.Locator("[data-testid=import-confirm]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "ledger-io-import-errors");
    }

    [Fact]
    public async Task A_secretary_extracts_problems_from_a_report_and_downloads_them_as_an_import_sheet()
    {
        var page = await OpenAsync("secretary", "?tab=report");
        await Assertions.Expect(page.Locator("[data-testid=tab-import]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("nav.rectify-sidebar a[href='ledger/import']")).ToHaveTextAsync("导入导出");
        await page.FillAsync("[data-testid=report-text]", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "reports", "report-a.txt")));
        await page.ClickAsync("[data-testid=report-extract]");

        var drafts = page.Locator("[data-testid=draft]");
        await Assertions.Expect(page.Locator("[data-testid=report-message]")).ToContainTextAsync("找到");
        var count = await drafts.CountAsync();
        count.ShouldBeGreaterThan(1);
        (await page.Locator("[data-testid=report-org]").InputValueAsync()).ShouldNotBe("0");
        await page.SelectOptionAsync("[data-testid=report-leader]", new SelectOptionValue { Label = "张伟" });
        // A secretary sees no login names, and as owners only the people of their own branch.
        (await page.Locator("[data-testid=report-owner] option, [data-testid=report-leader] option").AllInnerTextsAsync())
            .ShouldAllBe(o => !o.Contains('（'));
        (await page.Locator("[data-testid=report-owner] option").AllInnerTextsAsync()).ShouldNotContain("陈静");
        await page.Locator("[data-testid=draft-include]").Last.UncheckAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-create]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "ledger-io-report-drafts", fullPage: false);

        await page.ClickAsync("[data-testid=report-xlsx]");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=report-download]"));
        using var document = SpreadsheetDocument.Open(await download.PathAsync(), false);
        var cells = Cells(document);
        var descriptions = cells.Where(c => c.Key.StartsWith('C') && int.Parse(c.Key[1..]) > 4).ToList();
        descriptions.Count.ShouldBe(count - 1);
        cells["F5"].ShouldBe("机关第一党支部");
        cells["G5"].ShouldBe("赵敏");
        cells["E5"].ShouldBe("张伟");
    }

    [Fact]
    public async Task An_administrator_creates_items_from_a_report_in_one_step()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var page = await OpenAsync("admin", "?tab=report");
        await page.FillAsync("[data-testid=report-text]", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "reports", "report-c.txt")));
        await page.ClickAsync("[data-testid=report-extract]");
        await Assertions.Expect(page.Locator("[data-testid=report-message]")).ToContainTextAsync("找到");
        var count = await page.Locator("[data-testid=draft]").CountAsync();
        count.ShouldBeGreaterThan(0);

        await page.SelectOptionAsync("[data-testid=report-org]", new SelectOptionValue { Label = "离退休干部党支部" });
        await page.SelectOptionAsync("[data-testid=report-owner]", new SelectOptionValue { Label = "陈静（secretary3）" });
        await page.SelectOptionAsync("[data-testid=report-leader]", new SelectOptionValue { Label = "李建国（leader）" });
        await page.CheckAsync("[data-testid=report-target-new]");
        await page.FillAsync("[data-testid=report-target-title]", $"述职评议问题清单{unique}");
        await page.ClickAsync("[data-testid=report-create]");

        await Assertions.Expect(page.Locator("[data-testid=report-message]")).ToHaveTextAsync($"已创建整改事项 {count} 个，跳过 0 个。");
        await using var db = browser.App.CreateDbContext();
        var list = db.ProblemLists.Single(l => l.Title == $"述职评议问题清单{unique}");
        db.Items.Count(i => i.ProblemListId == list.Id).ShouldBe(count);
    }

    [Fact]
    public async Task An_administrator_uploads_a_report_docx_with_a_problem_table_and_each_row_keeps_its_owner_deadline_and_measures()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var text = string.Join(
            "\n",
            "二、存在的问题",
            "序号\t问题描述\t整改措施\t整改时限\t责任人\t责任领导",
            $"1\t学习形式单一{unique}。\t① 开展专题研讨；② 组织现场教学。\t2027-06-30\tsecretary3\tleader",
            $"2\t会议记录不全{unique}。\t建立记录检查台账。\t2027-03-31\tsecretary2\tleader2");
        var page = await OpenAsync("admin", "?tab=report");

        await page.SetInputFilesAsync("[data-testid=report-file]", new FilePayload
        {
            Name = "问题清单.docx",
            MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Buffer = Rectify.Tests.Domain.Reports.ReportDocx.Build(text, listNumbers: false),
        });

        await Assertions.Expect(page.Locator("[data-testid=draft]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=draft-owner]").First).ToHaveValueAsync("secretary3");
        await Assertions.Expect(page.Locator("[data-testid=draft-deadline]").Nth(1)).ToHaveValueAsync("2027-03-31");
        await page.SelectOptionAsync("[data-testid=report-org]", new SelectOptionValue { Label = "离退休干部党支部" });
        await page.CheckAsync("[data-testid=report-target-new]");
        await page.FillAsync("[data-testid=report-target-title]", $"问题清单表格{unique}");
        await page.ClickAsync("[data-testid=report-create]");

        await Assertions.Expect(page.Locator("[data-testid=report-message]")).ToHaveTextAsync("已创建整改事项 2 个，跳过 0 个。");
        await using var db = browser.App.CreateDbContext();
        var list = db.ProblemLists.Single(l => l.Title == $"问题清单表格{unique}");
        var items = db.Items.Include(i => i.Measures).Where(i => i.ProblemListId == list.Id).OrderBy(i => i.Deadline).ToList();
        var owners = db.Users.Where(u => u.UserName == "secretary3" || u.UserName == "secretary2").ToDictionary(u => u.UserName!, u => u.Id);
        items.Count.ShouldBe(2);
        items[0].Description.ShouldBe($"会议记录不全{unique}。");
        items[0].OwnerId.ShouldBe(owners["secretary2"]);
        items[0].Deadline.ShouldBe(new DateOnly(2027, 3, 31));
        items[1].OwnerId.ShouldBe(owners["secretary3"]);
        items[1].Deadline.ShouldBe(new DateOnly(2027, 6, 30));
        items[1].Measures.Select(m => m.Text).ShouldBe(["开展专题研讨；", "组织现场教学。"]);
    }

    /// <summary>Writes docs/screenshots/{name}.png when RECTIFY_SCREENSHOTS=1 (the repository's screenshots are made that way).</summary>
    private static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        if (Environment.GetEnvironmentVariable("RECTIFY_SCREENSHOTS") != "1")
        {
            return;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir!.FullName, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage });
    }
}
