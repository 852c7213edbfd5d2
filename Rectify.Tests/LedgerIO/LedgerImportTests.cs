using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.LedgerIO;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.LedgerIO;

/// <summary>Excel import through the real importer service on the app's database (SQLite and PostgreSQL): valid files, refusals, row errors, re-imports, cancellation.</summary>
public abstract class LedgerImportTests(RectifyFactory app)
{
    /// <summary>On the app's default SQLite database.</summary>
    public sealed class OnSqlite(RectifyFactory app) : LedgerImportTests(app), IClassFixture<RectifyFactory>;

    /// <summary>On PostgreSQL: the same tests, so the two providers cannot drift apart.</summary>
    public sealed class OnPostgres(PostgresRectifyFactory app) : LedgerImportTests(app), IClassFixture<PostgresRectifyFactory>;

    private async Task<(LedgerExcelImporter Importer, AsyncServiceScope Scope)> ImporterAsync()
    {
        var scope = app.Services.CreateAsyncScope();
        return (scope.ServiceProvider.GetRequiredService<LedgerExcelImporter>(), scope);
    }

    private async Task<ImportTarget> NewListAsync(string title, ProblemSource source = ProblemSource.ReviewSelf) =>
        ImportTarget.New(title, source, Today, await OrganizationIdAsync(app, "区民政局党组"));

    private static object?[] Row(string description, string organization = "机关第一党支部", string owner = "赵敏", string leader = "张伟", object? deadline = null, string measures = "", string source = "", string remarks = "") =>
        ["", source, description, measures, leader, organization, owner, deadline ?? Iso(Today.AddMonths(2)), "", "", "", remarks];

    private async Task<(int Items, int Lists, int Audit, int Imports)> CountsAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Items.CountAsync(), await db.ProblemLists.CountAsync(), await db.AuditEntries.CountAsync(), await db.Set<ImportRecord>().CountAsync());
    }

    private async Task<ImportCheck> CheckAsync(Stream file, ImportTarget target, string user = "admin", string name = "问题清单.xlsx")
    {
        var (importer, scope) = await ImporterAsync();
        await using var _ = scope;
        return await importer.CheckFileAsync(file, name, target, await AccessAsync(app, user));
    }

    private async Task<ImportOutcome> ImportAsync(ImportCheck check, IProgress<LedgerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (importer, scope) = await ImporterAsync();
        await using var _ = scope;
        return await importer.ImportAsync(check, await AccessAsync(app, "admin"), progress, cancellationToken);
    }

    [Fact]
    public async Task A_valid_file_creates_every_item_with_its_measures_in_a_new_list()
    {
        var deadline = Today.AddMonths(3);
        using var file = Workbook(
            ["2026年度述职评议问题清单"],
            [.. Header],
            Row("理论学习不够深入，学用结合不紧密。", measures: "1. 制定年度学习计划\n2、每月集中学习一次\n（3）开展专题研讨", deadline: Serial(deadline), source: "述职评议·自己查摆"),
            Row("为民服务意识不强，调研不够深入。", organization: "社会福利院党支部", owner: "secretary2", leader: "李建国", deadline: "长期坚持（每季度）", remarks: "年底复查"),
            Row("立行立改的问题。", deadline: "立行立改"));

        var check = await CheckAsync(file, await NewListAsync("导入测试-有效文件"));

        check.Refusal.ShouldBeNull();
        check.Errors.ShouldBeEmpty();
        check.CanImport.ShouldBeTrue();
        check.Items.Count.ShouldBe(3);
        var outcome = await ImportAsync(check);
        outcome.Succeeded.ShouldBeTrue(outcome.Message);
        outcome.Created.ShouldBe(3);

        await using var db = app.CreateDbContext();
        var list = await db.ProblemLists.SingleAsync(l => l.Title == "导入测试-有效文件");
        list.Source.ShouldBe(ProblemSource.ReviewSelf);
        var items = await db.Items.Include(i => i.Measures).Where(i => i.ProblemListId == list.Id).OrderBy(i => i.Number).ToListAsync();
        items.Select(i => i.Number).ShouldBe([$"{Today.Year}-述职评议·自己查摆-001", $"{Today.Year}-述职评议·自己查摆-002", $"{Today.Year}-述职评议·自己查摆-003"]);
        items[0].Description.ShouldBe("理论学习不够深入，学用结合不紧密。");
        items[0].Deadline.ShouldBe(deadline);
        items[0].DeadlineType.ShouldBe(DeadlineType.ByDate);
        items[0].Category.ShouldBe("其他");
        items[0].Status.ShouldBe(ItemStatus.Open);
        items[0].Measures.OrderBy(m => m.Id.ToString("N")).Select(m => m.Text).ShouldBe(["制定年度学习计划", "每月集中学习一次", "开展专题研讨"]);
        var secretary2 = await db.Users.SingleAsync(u => u.UserName == "secretary2");
        items[1].OwnerId.ShouldBe(secretary2.Id);
        items[1].DeadlineType.ShouldBe(DeadlineType.LongTerm);
        items[1].Period.ShouldBe(ReportingPeriod.Quarterly);
        items[1].Remarks.ShouldBe("年底复查");
        items[2].DeadlineType.ShouldBe(DeadlineType.Immediate);
        items[2].Deadline.ShouldBe(Today.AddDays(30));
        (await db.Set<ImportRecord>().SingleAsync(r => r.ProblemListId == list.Id)).CreatedCount.ShouldBe(3);
        (await db.AuditEntries.CountAsync(a => a.EntityId == items[0].Id.ToString())).ShouldBe(4);
    }

    [Fact]
    public async Task The_same_file_again_is_refused_and_an_edited_file_adds_only_the_new_rows()
    {
        var target = await NewListAsync("导入测试-重复导入");
        object?[][] rows = [[.. Header], Row("重复导入测试问题一。"), Row("重复导入测试问题二。")];
        // The same bytes, as when a user uploads the same file twice.
        var bytes = Workbook(rows).ToArray();
        var first = await CheckAsync(new MemoryStream(bytes), target);
        (await ImportAsync(first)).Succeeded.ShouldBeTrue();
        var listId = await ListIdAsync(app, "导入测试-重复导入");

        var again = await CheckAsync(new MemoryStream(bytes), ImportTarget.Existing(listId));
        again.Refusal.ShouldNotBeNull();
        again.Refusal.ShouldContain("该文件已于");
        again.Refusal.ShouldContain("“导入测试-重复导入”，不会重复导入");

        var edited = await CheckAsync(Workbook([.. rows, Row("重复导入测试问题三。"), Row("重复导入测试问题三。")]), ImportTarget.Existing(listId));
        edited.CanImport.ShouldBeTrue();
        edited.Items.Select(i => i.Details.Description).ShouldBe(["重复导入测试问题三。"]);
        edited.Skipped.Select(s => (s.Row, s.Reason)).ShouldBe([(2, "已存在，跳过"), (3, "已存在，跳过"), (5, "与第 4 行重复，跳过")]);
        var outcome = await ImportAsync(edited);
        outcome.Created.ShouldBe(1);
        outcome.Skipped.ShouldBe(3);

        await using var db = app.CreateDbContext();
        (await db.Items.CountAsync(i => i.ProblemListId == listId)).ShouldBe(3);
    }

    [Theory]
    [InlineData("text", "该文件不是 Excel 表格（.xlsx），无法导入。请使用导入模板填写后上传。")]
    [InlineData("exe", "这是一个程序文件（如 .exe），不是 Excel 表格，已拒绝导入。请上传 .xlsx 文件。")]
    [InlineData("xls", "这是旧版 Excel 文件（.xls），请在 Excel 中“另存为” .xlsx 格式后再导入。")]
    [InlineData("zip", "无法读取该文件：文件已损坏或不是有效的 .xlsx 表格。")]
    [InlineData("empty-file", "上传的文件是空的。")]
    [InlineData("empty-sheet", "第一个工作表是空的，没有可导入的内容。")]
    [InlineData("header-only", "表格中只有表头，没有可导入的问题。")]
    [InlineData("no-header", "第一个工作表中找不到表头行，请使用导入模板（须包含：问题描述、责任单位、责任人、责任领导、整改时限）。")]
    [InlineData("missing-columns", "表格缺少必需的列：责任人、整改时限。请使用导入模板。")]
    public async Task Wrong_files_are_refused_with_a_Chinese_message_and_change_nothing(string kind, string message)
    {
        var before = await CountsAsync();
        using var file = kind switch
        {
            "text" => new MemoryStream("序号,问题描述,责任单位\n1,学习不够,机关第一党支部\n"u8.ToArray()),
            "exe" => new MemoryStream([.. "MZ"u8, .. new byte[4096]]),
            "xls" => new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4096]]),
            "zip" => Zip(),
            "empty-file" => new MemoryStream(),
            "empty-sheet" => Workbook(),
            "header-only" => Workbook([.. Header]),
            "no-header" => Workbook(["随便写的表格"], ["甲", "乙"], ["1", "2"]),
            "missing-columns" => Workbook(["序号", "问题描述", "责任单位", "责任领导"], ["1", "学习不够", "机关第一党支部", "张伟"]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var check = await CheckAsync(file, await NewListAsync($"导入测试-{kind}"), name: kind == "exe" ? "问题清单.xlsx" : $"{kind}.xlsx");

        check.Refusal.ShouldBe(message);
        check.CanImport.ShouldBeFalse();
        (await ImportAsync(check)).Succeeded.ShouldBeFalse();
        (await CountsAsync()).ShouldBe(before);

        static MemoryStream Zip()
        {
            var stream = new MemoryStream();
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var entry = new StreamWriter(zip.CreateEntry("readme.txt").Open());
                entry.Write("not a spreadsheet");
            }

            stream.Position = 0;
            return stream;
        }
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        // 50 MB generated in memory (a zip header, then zeros): never committed as a file.
        var bytes = new byte[50 * 1024 * 1024];
        "PK\u0003\u0004"u8.CopyTo(bytes);
        var seekable = await CheckAsync(new MemoryStream(bytes), await NewListAsync("导入测试-大文件"));
        seekable.Refusal.ShouldBe("文件太大：导入的文件不能超过 10 MB。");

        // A stream that cannot tell its length is cut off at the limit while it is copied.
        var unseekable = await CheckAsync(new ForwardOnlyStream(bytes), await NewListAsync("导入测试-大文件"));
        unseekable.Refusal.ShouldBe("文件太大：导入的文件不能超过 10 MB。");
    }

    [Fact]
    public async Task Every_row_is_checked_and_errors_name_the_row_the_column_and_the_reason()
    {
        var before = await CountsAsync();
        using var file = Workbook(
            ["问题清单（标题行）"],
            [.. Header],
            Row("正确的一行。"),
            Row("日期写错的一行。", deadline: "明年底"),
            Row("来源写错的一行。", source: "年终考核"),
            Row("来源与清单不一致的一行。", source: "审计"),
            Row("单位写错的一行。", organization: "不存在的党支部"),
            Row("人员写错的一行。", owner: "王五", leader: "赵敏"),
            Row("", deadline: Iso(Today.AddDays(-1))),
            Row("长期坚持周期写错的一行。", deadline: "长期坚持（每周）"));

        var check = await CheckAsync(file, await NewListAsync("导入测试-逐行校验"));

        check.Refusal.ShouldBeNull();
        check.CanImport.ShouldBeFalse();
        check.RowCount.ShouldBe(8);
        check.Errors.Select(e => (e.Row, e.Column, e.Reason)).ShouldBe(
        [
            (4, "整改时限", "无法识别的整改时限“明年底”，请填写日期（如 2026-12-31 或 2026年12月31日），或“立行立改”“长期坚持”。"),
            (5, "问题来源", "无法识别的问题来源“年终考核”，可填写：民主生活会、组织生活会、述职评议·自己查摆、述职评议·上级点评、述职评议·群众评议、巡视巡察反馈、督查检查、审计、其他。"),
            (6, "问题来源", "问题来源“审计”与所选问题清单的来源“述职评议·自己查摆”不一致。"),
            (7, "责任单位", "找不到党组织“不存在的党支部”，请填写系统中的党组织全称。"),
            (8, "责任人", "找不到用户“王五”，请填写系统中的姓名或用户名。"),
            (8, "责任领导", "“赵敏”不是领导账号，不能担任责任领导。"),
            (9, "问题描述", "问题描述不能为空。"),
            (9, "整改时限", "整改时限不能早于今天。"),
            (10, "整改时限", "长期坚持的汇报周期只能是每月、每季度或每半年，不能是“每周”。"),
        ]);
        (await ImportAsync(check)).Succeeded.ShouldBeFalse();
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_row_naming_one_person_as_owner_and_leader_is_refused_with_its_row()
    {
        var before = await CountsAsync();
        using var file = Workbook([.. Header], Row("正确的一行。"), Row("责任人与责任领导是同一人的一行。", owner: "张伟", leader: "张伟"));

        var check = await CheckAsync(file, await NewListAsync("导入测试-责任人与责任领导"));

        check.CanImport.ShouldBeFalse();
        check.Errors.Select(e => (e.Row, e.Column, e.Reason)).ShouldBe([(3, "责任领导", "责任人与责任领导不能是同一人。")]);
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_refusal_of_the_domain_is_shown_under_the_column_its_field_names_with_the_domains_limits()
    {
        // The importer checks none of these itself: each comes from the domain's rule, with the field it names and the
        // limit it holds, so changing a rule or a limit in the domain changes the import report with it.
        using var file = Workbook(
            [.. Header],
            Row("备注太长的一行。", remarks: new string('备', LedgerLimits.Remarks + 1)),
            Row("措施太长的一行。", measures: "正常的措施\n" + new string('措', LedgerLimits.MeasureText + 1)),
            Row(new string('述', LedgerLimits.Description + 1)),
            Row("责任人与整改时限为空的一行。", owner: "", deadline: ""));

        var check = await CheckAsync(file, await NewListAsync("导入测试-领域规则"));

        check.Errors.Select(e => (e.Row, e.Column, e.Reason)).ShouldBe(
        [
            (2, "备注", $"备注不能超过{LedgerLimits.Remarks}个字。"),
            (3, "整改措施", $"每条整改措施不能超过{LedgerLimits.MeasureText}个字。"),
            (4, "问题描述", $"问题描述不能超过{LedgerLimits.Description}个字。"),
            (5, "责任人", "责任人不能为空。"),
            (5, "整改时限", "请填写整改时限。"),
        ]);
    }

    [Fact]
    public async Task An_English_user_gets_the_domains_refusals_in_English()
    {
        using var file = Workbook([.. Header], Row("Remarks too long.", remarks: new string('r', LedgerLimits.Remarks + 1)));
        var target = await NewListAsync("导入测试-英文");
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        try
        {
            var check = await CheckAsync(file, target);
            check.Errors.Select(e => (e.Row, e.Column, e.Reason)).ShouldBe([(2, "备注", $"The remarks may have at most {LedgerLimits.Remarks} characters.")]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task An_English_user_gets_what_the_importer_could_not_resolve_and_what_the_domain_refused_in_English()
    {
        // Resolution errors are the importer's texts (LedgerIO.*), rules are the domain's (Domain.*): both in the reader's language.
        using var file = Workbook(
            [.. Header],
            Row("Unknown organisation.", organization: "不存在的党支部"),
            Row("Unknown owner, a secretary as leader.", owner: "王五", leader: "赵敏"),
            Row("Unreadable deadline.", deadline: "明年底"),
            Row("Empty deadline.", deadline: ""));
        var target = await NewListAsync("导入测试-英文解析");
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        try
        {
            var check = await CheckAsync(file, target);
            check.Errors.Select(e => (e.Row, e.Column, e.Reason)).ShouldBe(
            [
                (2, "责任单位", "No organisation named “不存在的党支部”; use its full name."),
                (3, "责任人", "No user “王五”; use the name or user name in Rectify."),
                (3, "责任领导", "“赵敏” is not a leader and cannot be the responsible leader."),
                (4, "整改时限", "Unrecognised deadline “明年底”: give a date (2026-12-31) or 立行立改 / 长期坚持."),
                (5, "整改时限", "Enter the deadline."),
            ]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task Only_administrators_may_import()
    {
        using var file = Workbook([.. Header], Row("书记不能导入。"));
        var check = await CheckAsync(file, await NewListAsync("导入测试-无权"), user: "secretary");
        check.Refusal.ShouldBe("只有管理员可以导入问题清单。");
    }

    [Fact]
    public async Task Cells_that_look_like_formulas_are_exported_as_quoted_text_and_import_back_unchanged()
    {
        // What a hostile or careless user may type: a spreadsheet that evaluated these would run them when the export is opened.
        string[] risky = ["=HYPERLINK(\"http://evil.example.org\",\"点击查看\")", "+1+cmd|' /C calc'!A0", "-2+3 整改", "@SUM(A1:A9)", "\t=1+1 前有制表符", "\r=1+1 前有回车"];
        object?[][] rows = [[.. Header], .. risky.Select((text, i) => Row($"{text} 第{i}条", remarks: $"=A{i}+1"))];
        var imported = await ImportAsync(await CheckAsync(Workbook(rows), await NewListAsync("导出测试-公式注入")));
        imported.Succeeded.ShouldBeTrue(imported.Message);
        var listId = await ListIdAsync(app, "导出测试-公式注入");

        var client = await SignedInClientAsync(app, "admin");
        var bytes = await client.GetByteArrayAsync($"/ledger/export.xlsx?list={listId}");
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var formats = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>().ToList();
            var cells = Sheet(document).Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>()
                .Where(c => c.InlineString is not null && c.InlineString.InnerText.Length > 0 && "=+-@\t\r".Contains(c.InlineString.InnerText[0]))
                .ToList();
            cells.Count.ShouldBeGreaterThanOrEqualTo(2 * risky.Length, "every description and remark above starts like a formula");
            foreach (var cell in cells)
            {
                cell.CellFormula.ShouldBeNull();
                cell.DataType!.Value.ShouldBe(DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString);
                // quotePrefix: Excel and WPS keep the cell as text even when someone edits it and presses Enter.
                (formats[(int)(cell.StyleIndex?.Value ?? 0)].QuotePrefix?.Value ?? false).ShouldBeTrue($"{cell.CellReference} '{cell.InlineString!.InnerText}' is a text cell with quotePrefix");
            }
        }

        // The exported file, imported again, gives the same texts.
        var again = await CheckAsync(new MemoryStream(bytes), await NewListAsync("导出测试-公式注入-再导入"));
        again.Errors.ShouldBeEmpty();
        (await ImportAsync(again)).Succeeded.ShouldBeTrue();
        var againId = await ListIdAsync(app, "导出测试-公式注入-再导入");
        await using var db = app.CreateDbContext();
        var original = await db.Items.Where(i => i.ProblemListId == listId).Select(i => new { i.Description, i.Remarks }).ToListAsync();
        var copy = await db.Items.Where(i => i.ProblemListId == againId).Select(i => new { i.Description, i.Remarks }).ToListAsync();
        original.Count.ShouldBe(risky.Length);
        copy.OrderBy(i => i.Description, StringComparer.Ordinal).ShouldBe(original.OrderBy(i => i.Description, StringComparer.Ordinal));
    }

    private static object?[][] ManyRows(string prefix, int count)
    {
        var rows = new List<object?[]> { Header.Cast<object?>().ToArray() };
        for (var i = 1; i <= count; i++)
        {
            rows.Add(Row($"{prefix}第{i}条。", measures: i == 1 ? "措施一\n措施二" : ""));
        }

        return [.. rows];
    }

    private async Task<int> UnpublishedItemsAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Items.CountAsync(i => EF.Property<Guid?>(i, ImportRuns.ItemRunId) != null);
    }

    [Fact]
    public async Task An_import_cancelled_midway_leaves_no_item_and_says_so_in_the_audit_log()
    {
        // Three batches of 200: the cancellation comes after the first is written and committed (decision 0023).
        var check = await CheckAsync(Workbook(ManyRows("批量导入测试问题", 600)), await NewListAsync("导入测试-取消"));
        check.CanImport.ShouldBeTrue();
        check.Items.Count.ShouldBe(600);
        var before = await CountsAsync();

        using var cancellation = new CancellationTokenSource();
        var writtenWhenCancelled = -1;
        var progress = new SynchronousProgress(p =>
        {
            if (p.Phase == LedgerPhase.Saving && p.Done > 0 && p.Done < p.Total && writtenWhenCancelled < 0)
            {
                writtenWhenCancelled = Task.Run(UnpublishedItemsAsync).GetAwaiter().GetResult();
                cancellation.Cancel();
            }
        });

        await Should.ThrowAsync<OperationCanceledException>(() => ImportAsync(check, progress, cancellation.Token));

        writtenWhenCancelled.ShouldBe(200, "the first batch was in the database when the user cancelled");
        var after = await CountsAsync();
        (after.Items, after.Lists, after.Imports).ShouldBe((before.Items, before.Lists, before.Imports));
        (await UnpublishedItemsAsync()).ShouldBe(0);
        await using (var db = app.CreateDbContext())
        {
            (await db.ProblemLists.AnyAsync(l => l.Title == "导入测试-取消")).ShouldBeFalse();
            // The audit log keeps what happened: the batch's entries, then the roll-back naming what it removed.
            var last = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
            last.Action.ShouldBe(ImportRuns.RolledBackAction);
            last.Comment.ShouldBe("cancelled");
            last.After.ShouldNotBeNull();
            last.After.ShouldContain("\"RemovedItems\":200");
            last.After.ShouldContain("\"ListRemoved\":true");
            last.ActorName.ShouldBe("王芳");
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var chain = scope.ServiceProvider.GetRequiredService<Rectify.Web.Auditing.AuditChain>();
            await chain.SealAsync();
            (await chain.VerifyAsync()).Intact.ShouldBeTrue();
        }

        // The same file can still be imported afterwards: nothing of the cancelled attempt remains.
        (await ImportAsync(check)).Created.ShouldBe(600);
    }

    [Fact]
    public async Task Another_users_progress_report_is_saved_while_a_long_import_is_writing()
    {
        Guid itemId;
        int version;
        await using (var db = app.CreateDbContext())
        {
            var secretary = await db.Users.SingleAsync(u => u.UserName == "secretary");
            var item = await db.Items.Where(i => i.OwnerId == secretary.Id && (i.Status == ItemStatus.Open || i.Status == ItemStatus.InProgress)).FirstAsync();
            (itemId, version) = (item.Id, item.Version);
        }

        var secretaryAccess = await AccessAsync(app, "secretary");
        var adminAccess = await AccessAsync(app, "admin");
        var check = await CheckAsync(Workbook(ManyRows("长时间导入期间的问题", 600)), await NewListAsync("导入测试-导入期间他人填报"));
        const string report = "导入进行期间填报的整改进展：已召开专题会议。";
        Rectify.Web.Ledger.CommandResult? during = null, onUnpublished = null;
        var writtenMeanwhile = -1;

        // Between two batches of the import (its own thread waits here), a secretary reports progress through the real
        // command, and an administrator tries to change one of the items the import has written but not yet published.
        var progress = new SynchronousProgress(p =>
        {
            if (p.Phase != LedgerPhase.Saving || p.Done == 0 || p.Done >= p.Total || during is not null)
            {
                return;
            }

            Task.Run(async () =>
            {
                writtenMeanwhile = await UnpublishedItemsAsync();
                await using var scope = app.Services.CreateAsyncScope();
                var commands = scope.ServiceProvider.GetRequiredService<Rectify.Web.Ledger.ItemCommands>();
                during = await commands.RunAsync(secretaryAccess, itemId, version,
                    (item, a, today, now) => item.AddProgress(a, today, report, 30, today, now));
                await using var db = app.CreateDbContext();
                var unpublished = await db.Items.Where(i => EF.Property<Guid?>(i, ImportRuns.ItemRunId) != null).Select(i => new { i.Id, i.Version }).FirstAsync();
                onUnpublished = await commands.RunAsync(adminAccess, unpublished.Id, unpublished.Version,
                    (item, a, _, now) => item.AddMeasure(a, "导入未完成时添加的措施。", null, null, now));
            }).GetAwaiter().GetResult();
        });

        var outcome = await ImportAsync(check, progress);

        writtenMeanwhile.ShouldBe(200, "the progress report came after the first batch and before the last");
        during.ShouldNotBeNull();
        during.Status.ShouldBe(Rectify.Web.Ledger.CommandStatus.Ok, during.Message);
        onUnpublished.ShouldNotBeNull();
        onUnpublished.Message.ShouldBe("该事项正在导入中，导入完成后才能办理。");
        outcome.Succeeded.ShouldBeTrue(outcome.Message);
        outcome.Created.ShouldBe(600);
        (await UnpublishedItemsAsync()).ShouldBe(0);
        await using var check2 = app.CreateDbContext();
        (await check2.Set<ProgressReport>().CountAsync(r => r.Text == report)).ShouldBe(1);
        (await check2.Items.CountAsync(i => i.ProblemListId == outcome.ProblemListId)).ShouldBe(600);
        (await check2.Set<ImportRecord>().SingleAsync(r => r.ProblemListId == outcome.ProblemListId)).State.ShouldBe(ImportState.Completed);
    }

    [Fact]
    public async Task An_import_left_unfinished_is_rolled_back_by_recovery_and_cannot_publish_afterwards()
    {
        var check = await CheckAsync(Workbook(ManyRows("中断导入测试问题", 600)), await NewListAsync("导入测试-中断"));
        var before = await CountsAsync();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var resume = new ManualResetEventSlim();

        // The import stops after its first batch, as if its process had died there (it sends no more heartbeats).
        var progress = new SynchronousProgress(p =>
        {
            if (p.Phase == LedgerPhase.Saving && p.Done > 0 && p.Done < p.Total && !stopped.Task.IsCompleted)
            {
                stopped.SetResult();
                resume.Wait();
            }
        });
        var import = Task.Run(() => ImportAsync(check, progress));
        await stopped.Task;
        (await UnpublishedItemsAsync()).ShouldBe(200);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            // What ImportRecovery does at start-up (every unfinished run on SQLite) or once a heartbeat is older than its lease.
            (await scope.ServiceProvider.GetRequiredService<ImportRuns>().RecoverAsync(TimeSpan.Zero)).ShouldBe(1);
        }

        var recovered = await CountsAsync();
        (recovered.Items, recovered.Lists, recovered.Imports).ShouldBe((before.Items, before.Lists, before.Imports));
        await using (var db = app.CreateDbContext())
        {
            var last = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync();
            (last.Action, last.Comment).ShouldBe((ImportRuns.RolledBackAction, "abandoned"));
        }

        // Had the process not died after all, its next batch finds the run rolled back and writes nothing more.
        resume.Set();
        var outcome = await import;
        outcome.Succeeded.ShouldBeFalse();
        outcome.Message.ShouldBe("导入未完成，已撤销本次导入的全部内容，未导入任何问题。请稍后重试。");
        var after = await CountsAsync();
        (after.Items, after.Lists, after.Imports).ShouldBe((before.Items, before.Lists, before.Imports));
    }

    private sealed class SynchronousProgress(Action<LedgerProgress> report) : IProgress<LedgerProgress>
    {
        public void Report(LedgerProgress value) => report(value);
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
