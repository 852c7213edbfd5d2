using System.Diagnostics;
using Microsoft.Playwright;
using Rectify.Tests.Support;

namespace Rectify.Tests.Uploads;

/// <summary>
/// Issue 20 §1 through the running app in a real browser: the hostile files are picked in the import page's file inputs
/// (Blazor's InputFile, the way users upload), the user sees the Chinese refusal, the server's memory stays flat
/// (<see cref="MemoryWatch"/> on this process, which hosts the app's Kestrel; Chromium runs in its own process), and the
/// page keeps working afterwards.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UploadBombBrowserTests(BrowserFixture browser, HostileFileFixture files) : IClassFixture<HostileFileFixture>
{
    private const long MemoryBudget = 200L * 1024 * 1024;

    [Fact]
    public async Task A_secretary_who_uploads_a_docx_bomb_as_a_report_sees_the_Chinese_refusal_and_the_page_keeps_working()
    {
        var path = files.DocxBomb;
        var page = await browser.SignInAsync("secretary");
        await page.GotoAsync("ledger/import?tab=report");
        await BrowserFixture.WaitForCircuitAsync(page);

        var clock = Stopwatch.StartNew();
        using (var memory = MemoryWatch.OfThisProcess())
        {
            await page.SetInputFilesAsync("[data-testid=report-file]", path);
            await Assertions.Expect(page.Locator("[data-testid=report-message]"))
                .ToHaveTextAsync("文件解压后超过 64 MB 的上限，可能是损坏或恶意构造的文件，未读取任何内容。", new() { Timeout = 30_000 });
            memory.Stop();
            memory.PeakGrowthBytes.ShouldBeLessThan(MemoryBudget, memory.Describe());
        }

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        await Assertions.Expect(page.Locator("[data-testid=draft]")).ToHaveCountAsync(0);

        // The circuit survived: the same page still extracts problems from pasted text.
        await page.FillAsync("[data-testid=report-text]", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "reports", "report-a.txt")));
        await page.ClickAsync("[data-testid=report-extract]");
        await Assertions.Expect(page.Locator("[data-testid=report-message]")).ToContainTextAsync("找到");
    }

    [Fact]
    public async Task An_administrator_who_imports_an_xlsx_of_2_million_rows_sees_the_Chinese_refusal()
    {
        var path = files.TwoMillionRows;
        var page = await browser.SignInAsync("admin");
        await page.GotoAsync("ledger/import?tab=import");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.CheckAsync("[data-testid=import-target-new]");
        await page.FillAsync("[data-testid=import-target-title]", "不会创建的清单-两百万行");

        using (var memory = MemoryWatch.OfThisProcess())
        {
            await page.SetInputFilesAsync("[data-testid=import-file]", path);
            await Assertions.Expect(page.Locator("[data-testid=import-refusal]"))
                .ToHaveTextAsync("表格超过 20000 行的上限，未导入任何内容。请把台账拆成几个文件分别导入。", new() { Timeout = 60_000 });
            memory.Stop();
            memory.PeakGrowthBytes.ShouldBeLessThan(MemoryBudget, memory.Describe());
        }

        await Assertions.Expect(page.Locator("[data-testid=import-confirm]")).ToHaveCountAsync(0);
        await using var db = browser.App.CreateDbContext();
        db.ProblemLists.Count(l => l.Title == "不会创建的清单-两百万行").ShouldBe(0);
    }
}
