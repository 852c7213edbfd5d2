using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rectify.Tests.Support;
using Rectify.Web.LedgerIO;
using Rectify.Web.Localization;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.LedgerIO;

/// <summary>
/// The import/export page in a real browser: the downloads and one upload through the browser's file input. The import
/// steps themselves (refusals, per-row errors, skipped rows, reports pasted or uploaded, created or downloaded as a sheet) are
/// tested without a browser in <see cref="Components.LedgerImportComponentTests"/>. The browser collection shares one app
/// and database, so every test that writes creates its own problem list with a unique title and unique problems.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LedgerIOBrowserTests(BrowserFixture browser)
{
    private static readonly LedgerExcelTemplate Template = new(new TextLocalizer());

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
