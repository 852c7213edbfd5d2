using AngleSharp.Dom;
using Bunit;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Components.Pages.LedgerIO;
using Rectify.Web.LedgerIO;
using Rectify.Web.Localization;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.Components;

/// <summary>
/// The import page's steps (导入导出 → 导入问题清单 / 从述职报告提取), rendered with bUnit on the real app's services and SQLite
/// file: choose the list, upload (bUnit's InputFile), see the check with its per-row errors, confirm; and a report's
/// problems extracted, edited and created or downloaded as an import sheet. The upload through a real browser stays in
/// <see cref="LedgerIO.LedgerIOBrowserTests"/>.
/// </summary>
[Collection(ComponentCollection.Name)]
public sealed class LedgerImportComponentTests(ComponentTestApp app) : IAsyncLifetime
{
    private static readonly LedgerExcelTemplate Template = new(new TextLocalizer(new TextCatalog()));

    private BunitContext? _context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_administrator_uploads_a_filled_template_sees_the_check_and_confirms_the_import()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var page = await OpenAsync("admin", "import");

        // No list chosen yet: the upload asks for one first and checks nothing.
        Upload(page, "问题清单.xlsx", Sheet(Row($"组件导入测试问题{unique}。")));
        page.WaitForAssertion(() => page.Find("[data-testid=import-message]").TextContent.ShouldBe("请先选择要导入到的问题清单，或选择新建问题清单。"));
        page.FindAll("[data-testid=import-confirm]").ShouldBeEmpty();

        page.Find("[data-testid=import-target-new]").Change(true);
        page.Find("[data-testid=import-target-title]").Input($"组件导入测试清单{unique}");
        Upload(page, "问题清单.xlsx", Sheet(Row($"组件导入测试问题{unique}。"), Row($"组件导入测试第二个问题{unique}。")));

        page.WaitForAssertion(() => page.Find("[data-testid=import-valid]").TextContent.Trim().ShouldBe("校验通过：共 2 行，将新建 2 个整改事项，跳过 0 个。"));
        page.FindAll("[data-testid=import-message]").ShouldBeEmpty();
        page.Find("[data-testid=import-confirm]").TextContent.Trim().ShouldBe("确认导入 2 个问题");
        await using (var db = app.App.CreateDbContext())
        {
            (await db.Items.CountAsync(i => i.Description.Contains(unique))).ShouldBe(0, "checking saves nothing");
        }

        page.Find("[data-testid=import-confirm]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=import-message]").TextContent.ShouldBe("导入成功：新建整改事项 2 个，跳过 0 个。"), TimeSpan.FromSeconds(30));
        page.Find("[data-testid=import-message]").ClassList.ShouldContain("alert-success");
        page.FindAll("[data-testid=import-confirm]").ShouldBeEmpty();
        page.FindAll("[data-testid=import-valid]").ShouldBeEmpty();
        await using (var db = app.App.CreateDbContext())
        {
            var list = await db.ProblemLists.SingleAsync(l => l.Title == $"组件导入测试清单{unique}");
            (await db.Items.Where(i => i.ProblemListId == list.Id).Select(i => i.Description).ToListAsync())
                .ShouldBe([$"组件导入测试问题{unique}。", $"组件导入测试第二个问题{unique}。"], ignoreOrder: true);
        }

        // The page reloaded its lists: the new one can now be chosen as the target of the next import.
        page.Find("[data-testid=import-target-existing]").Change(true);
        page.WaitForAssertion(() => page.FindAll("[data-testid=import-target-list] option").Select(o => o.TextContent)
            .ShouldContain(o => o.StartsWith($"组件导入测试清单{unique}（", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_program_file_is_refused_in_Chinese_and_rows_with_errors_are_listed_by_row_column_and_reason()
    {
        var page = await OpenAsync("admin", "import");
        page.Find("[data-testid=import-target-new]").Change(true);
        page.Find("[data-testid=import-target-title]").Input("不会创建的清单");

        Upload(page, "问题清单.xlsx", [.. "MZ"u8, .. new byte[2048]]);
        page.WaitForAssertion(() => page.Find("[data-testid=import-refusal]").TextContent.ShouldBe("这是一个程序文件（如 .exe），不是 Excel 表格，已拒绝导入。请上传 .xlsx 文件。"));
        page.FindAll("[data-testid=import-confirm]").ShouldBeEmpty();

        var invalid = Row("单位填错的问题。");
        invalid[LedgerColumn.Organization] = "不存在的党支部";
        invalid[LedgerColumn.Deadline] = "明年";
        Upload(page, "有错误的清单.xlsx", Sheet(invalid, Row("这一行没有错误。")));

        page.WaitForAssertion(() => page.Find("[data-testid=import-invalid]").TextContent.Trim().ShouldBe("共 2 行，发现 2 处错误，未导入任何内容。请修改表格后重新上传。"));
        page.FindAll("[data-testid=import-refusal]").ShouldBeEmpty();
        var rows = page.FindAll("[data-testid=import-errors] tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldBe(["5", "责任单位", "找不到党组织“不存在的党支部”，请填写系统中的党组织全称。"]);
        rows[1][..2].ShouldBe(["5", "整改时限"]);
        rows[1][2].ShouldStartWith("无法识别的整改时限“明年”");
        page.FindAll("[data-testid=import-confirm]").ShouldBeEmpty();
        await using var db = app.App.CreateDbContext();
        (await db.ProblemLists.CountAsync(l => l.Title == "不会创建的清单")).ShouldBe(0);
    }

    [Fact]
    public async Task Rows_the_chosen_list_already_has_are_shown_as_skipped_and_only_the_new_ones_are_offered()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var page = await OpenAsync("admin", "import");
        page.Find("[data-testid=import-target-new]").Change(true);
        page.Find("[data-testid=import-target-title]").Input($"跳过测试清单{unique}");
        Upload(page, "第一版.xlsx", Sheet(Row($"已有的问题{unique}。")));
        page.WaitForElement("[data-testid=import-confirm]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=import-message]").TextContent.ShouldStartWith("导入成功"), TimeSpan.FromSeconds(30));

        Guid listId;
        await using (var db = app.App.CreateDbContext())
        {
            listId = await db.ProblemLists.Where(l => l.Title == $"跳过测试清单{unique}").Select(l => l.Id).SingleAsync();
        }

        page.Find("[data-testid=import-target-existing]").Change(true);
        // After an import the page reads the lists to choose from again (asynchronously, after the success message shows):
        // wait until the new list is offered before choosing it.
        page.WaitForAssertion(() => page.FindAll($"[data-testid=import-target-list] option[value='{listId}']").ShouldHaveSingleItem(), TimeSpan.FromSeconds(30));
        page.Find("[data-testid=import-target-list]").Change(listId.ToString());
        Upload(page, "第二版.xlsx", Sheet(Row($"已有的问题{unique}。"), Row($"新增的问题{unique}。")));

        page.WaitForAssertion(() => page.Find("[data-testid=import-valid]").TextContent.Trim().ShouldBe("校验通过：共 2 行，将新建 1 个整改事项，跳过 1 个。"));
        var skipped = page.FindAll("[data-testid=import-skipped] tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        skipped.ShouldHaveSingleItem().ShouldBe(["5", $"已有的问题{unique}。", "已存在，跳过"]);
        page.Find("[data-testid=import-confirm]").TextContent.Trim().ShouldBe("确认导入 1 个问题");
    }

    [Fact]
    public async Task A_secretary_extracts_a_reports_problems_and_downloads_the_chosen_ones_as_an_import_sheet()
    {
        var page = await OpenAsync("secretary", "report");
        page.FindAll("[data-testid=tab-import]").ShouldBeEmpty();
        page.Find("[data-testid=tab-report]").ClassList.ShouldContain("active");

        page.Find("[data-testid=report-text]").Change(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "reports", "report-a.txt")));
        page.Find("[data-testid=report-extract]").Click();

        page.Find("[data-testid=report-message]").TextContent.Trim().ShouldStartWith("找到");
        var count = page.FindAll("[data-testid=draft]").Count;
        count.ShouldBeGreaterThan(1);
        // A secretary starts from their own branch and themselves; they see no login names, and as owners only their branch.
        page.Find("[data-testid=report-org]").GetAttribute("value").ShouldNotBe("0");
        SelectedText(page.Find("[data-testid=report-org]")).ShouldBe("机关第一党支部");
        SelectedText(page.Find("[data-testid=report-owner]")).ShouldBe("赵敏");
        page.FindAll("[data-testid=report-owner] option, [data-testid=report-leader] option").Select(o => o.TextContent).ShouldAllBe(o => !o.Contains('（'));
        page.FindAll("[data-testid=report-owner] option").Select(o => o.TextContent).ShouldNotContain("陈静");
        page.FindAll("[data-testid=report-create]").ShouldBeEmpty();
        SelectByText(page.Find("[data-testid=report-leader]"), "张伟");

        page.FindAll("[data-testid=draft-include]")[^1].Change(false);
        page.Find("h2").TextContent.ShouldBe($"问题草稿（已选 {count - 1} / {count}）");
        page.Find("[data-testid=report-xlsx]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=report-message]").TextContent.ShouldContain($"已生成含 {count - 1} 个问题的导入表格，可交管理员导入。"));
        var href = page.Find("[data-testid=report-download]").GetAttribute("href")!;
        href.ShouldStartWith("ledger/exports/");
        var access = await app.App.AccessAsync("secretary");
        var prepared = app.App.Services.GetRequiredService<PreparedFiles>().Find(href["ledger/exports/".Length..], access.Actor.UserId).ShouldNotBeNull();
        using var document = SpreadsheetDocument.Open(prepared.Path, false);
        var cells = Cells(document);
        cells.Count(c => c.Key.StartsWith('C') && int.Parse(c.Key[1..], System.Globalization.CultureInfo.InvariantCulture) > 4).ShouldBe(count - 1);
        cells["F5"].ShouldBe("机关第一党支部");
        cells["G5"].ShouldBe("赵敏");
        cells["E5"].ShouldBe("张伟");
    }

    [Fact]
    public async Task An_administrator_creates_items_from_a_pasted_report_in_one_step()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var page = await OpenAsync("admin", "report");
        page.Find("[data-testid=report-text]").Change(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "reports", "report-c.txt")));
        page.Find("[data-testid=report-extract]").Click();
        var count = page.FindAll("[data-testid=draft]").Count;
        count.ShouldBeGreaterThan(0);
        page.Find("[data-testid=report-create]").TextContent.Trim().ShouldBe($"创建 {count} 个整改事项");

        // Without a branch, owner and leader the rows fail the import's checks: listed, nothing created.
        page.Find("[data-testid=report-target-new]").Change(true);
        page.Find("[data-testid=report-target-title]").Input($"述职评议问题清单{unique}");
        page.Find("[data-testid=report-create]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=import-invalid]").TextContent.ShouldContain("未导入任何内容"));
        page.FindAll("[data-testid=import-errors] tbody tr td:nth-child(2)").Select(c => c.TextContent).ShouldContain("责任单位");

        SelectByText(page.Find("[data-testid=report-org]"), "离退休干部党支部");
        SelectByText(page.Find("[data-testid=report-owner]"), "陈静（secretary3）");
        SelectByText(page.Find("[data-testid=report-leader]"), "李建国（leader）");
        page.Find("[data-testid=report-create]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=report-message]").TextContent.Trim().ShouldBe($"已创建整改事项 {count} 个，跳过 0 个。"), TimeSpan.FromSeconds(30));
        page.FindAll("[data-testid=draft]").ShouldBeEmpty();
        await using var db = app.App.CreateDbContext();
        var list = await db.ProblemLists.SingleAsync(l => l.Title == $"述职评议问题清单{unique}");
        (await db.Items.CountAsync(i => i.ProblemListId == list.Id)).ShouldBe(count);
    }

    [Fact]
    public async Task An_uploaded_docx_with_a_problem_table_keeps_each_rows_owner_deadline_and_measures()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var text = string.Join(
            "\n",
            "二、存在的问题",
            "序号\t问题描述\t整改措施\t整改时限\t责任人\t责任领导",
            $"1\t学习形式单一{unique}。\t① 开展专题研讨；② 组织现场教学。\t2027-06-30\tsecretary3\tleader",
            // Not an owner from the welfare home: its secretary's list is tested to hold only that branch's items (and their own).
            $"2\t会议记录不全{unique}。\t建立记录检查台账。\t2027-03-31\t{ComponentTestApp.MeasureOwner}\tleader2");
        var page = await OpenAsync("admin", "report");

        // Only .txt and .docx are read.
        Upload(page, "报告.pdf", [.. "%PDF-1.4"u8]);
        page.WaitForAssertion(() => page.Find("[data-testid=report-message]").TextContent.Trim().ShouldBe("只能上传 .txt 或 .docx 文件。"));

        Upload(page, "问题清单.docx", Rectify.Tests.Domain.Reports.ReportDocx.Build(text, listNumbers: false));

        page.WaitForAssertion(() => page.FindAll("[data-testid=draft]").Count.ShouldBe(2));
        page.FindAll("[data-testid=draft-owner]").Select(i => i.GetAttribute("value")).ShouldBe(["secretary3", ComponentTestApp.MeasureOwner]);
        page.FindAll("[data-testid=draft-deadline]").Select(i => i.GetAttribute("value")).ShouldBe(["2027-06-30", "2027-03-31"]);
        SelectByText(page.Find("[data-testid=report-org]"), "离退休干部党支部");
        page.Find("[data-testid=report-target-new]").Change(true);
        page.Find("[data-testid=report-target-title]").Input($"问题清单表格{unique}");
        page.Find("[data-testid=report-create]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=report-message]").TextContent.Trim().ShouldBe("已创建整改事项 2 个，跳过 0 个。"), TimeSpan.FromSeconds(30));
        await using var db = app.App.CreateDbContext();
        var list = await db.ProblemLists.SingleAsync(l => l.Title == $"问题清单表格{unique}");
        var items = await db.Items.Include(i => i.Measures).Where(i => i.ProblemListId == list.Id).OrderBy(i => i.Deadline).ToListAsync();
        var owners = await db.Users.Where(u => u.UserName == "secretary3" || u.UserName == ComponentTestApp.MeasureOwner).ToDictionaryAsync(u => u.UserName!, u => u.Id);
        items.Count.ShouldBe(2);
        items[0].Description.ShouldBe($"会议记录不全{unique}。");
        items[0].OwnerId.ShouldBe(owners[ComponentTestApp.MeasureOwner]);
        items[0].Deadline.ShouldBe(new DateOnly(2027, 3, 31));
        items[1].OwnerId.ShouldBe(owners["secretary3"]);
        items[1].Deadline.ShouldBe(new DateOnly(2027, 6, 30));
        items[1].Measures.Select(m => m.Text).ShouldBe(["开展专题研讨；", "组织现场教学。"]);
    }

    private static Dictionary<LedgerColumn, string> Row(string description) => new()
    {
        [LedgerColumn.Source] = "民主生活会",
        [LedgerColumn.Description] = description,
        [LedgerColumn.Measures] = "1. 制定整改方案\n2. 召开专题会议",
        [LedgerColumn.Leader] = "张伟",
        [LedgerColumn.Organization] = "机关第一党支部",
        [LedgerColumn.Owner] = "赵敏",
        [LedgerColumn.Deadline] = Iso(Today.AddDays(60)),
    };

    private static byte[] Sheet(params Dictionary<LedgerColumn, string>[] rows)
    {
        using var stream = new MemoryStream();
        Template.Write(stream, rows);
        return stream.ToArray();
    }

    private static void Upload(IRenderedComponent<LedgerImport> page, string name, byte[] content) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(content, name));

    private static string SelectedText(IElement select)
    {
        var value = select.GetAttribute("value");
        return select.QuerySelectorAll("option").Single(o => o.GetAttribute("value") == value).TextContent;
    }

    private static void SelectByText(IElement select, string text) =>
        select.Change(select.QuerySelectorAll("option").Single(o => o.TextContent == text).GetAttribute("value"));

    private async Task<IRenderedComponent<LedgerImport>> OpenAsync(string userName, string tab)
    {
        _context = await app.SignInAsync(userName);
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo($"ledger/import?tab={tab}");
        var page = _context.Render<LedgerImport>();
        page.WaitForElement($"[data-testid=tab-{tab}].active");
        return page;
    }
}
