using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.LedgerIO;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.Uploads;

/// <summary>
/// Issue 20 §1: no upload can exhaust the server. Each hostile file goes through the service its page uses
/// (<see cref="ReportFileReader"/> for the 述职报告 upload, <see cref="LedgerExcelImporter.CheckFileAsync"/> for the ledger
/// import) and must be refused within seconds with the Chinese message, while the process's resident memory grows by less
/// than 200 MB (<see cref="MemoryWatch"/>: working set sampled every 10 ms against the value after a full GC).
/// </summary>
[Collection(DefaultAppCollection.Name)]
public sealed class UploadBombTests(RectifyFactory app, HostileFileFixture files) : IClassFixture<HostileFileFixture>
{
    private const long MemoryBudget = 200L * 1024 * 1024;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_docx_under_10_MB_that_inflates_past_1_GB_is_refused_within_seconds_and_memory_stays_flat()
    {
        var path = files.DocxBomb;
        new FileInfo(path).Length.ShouldBeLessThan(10L * 1024 * 1024);

        await using var scope = app.Services.CreateAsyncScope();
        var reader = scope.Get<ReportFileReader>();
        using var timeout = new CancellationTokenSource(TimeBudget);
        var clock = Stopwatch.StartNew();
        ReportFileResult result;
        using (var memory = MemoryWatch.OfThisProcess())
        {
            await using var upload = File.OpenRead(path);
            result = await reader.ReadAsync(upload, "述职报告.docx", timeout.Token);
            memory.Stop();
            memory.PeakGrowthBytes.ShouldBeLessThan(MemoryBudget, memory.Describe());
        }

        clock.Elapsed.ShouldBeLessThan(TimeBudget);
        result.Text.ShouldBeNull();
        result.Error.ShouldBe("文件解压后超过 64 MB 的上限，可能是损坏或恶意构造的文件，未读取任何内容。");
    }

    [Fact]
    public async Task An_xlsx_of_2_million_rows_is_refused_within_seconds_and_memory_stays_flat()
    {
        var (check, items) = await ImportAsync(files.TwoMillionRows);

        check.Refusal.ShouldBe("表格超过 20000 行的上限，未导入任何内容。请把台账拆成几个文件分别导入。");
        check.CanImport.ShouldBeFalse();
        (await CountItemsAsync()).ShouldBe(items);
    }

    [Fact]
    public async Task An_xlsx_with_1_GB_of_shared_strings_is_refused_within_seconds_and_memory_stays_flat()
    {
        var (check, items) = await ImportAsync(files.GigabyteOfSharedStrings);

        check.Refusal.ShouldBe("文件解压后超过 64 MB 的上限，可能是损坏或恶意构造的文件，未读取任何内容。");
        (await CountItemsAsync()).ShouldBe(items);
    }

    [Fact]
    public async Task Limits_are_configurable_and_an_English_user_gets_the_refusal_in_English()
    {
        using var small = new RectifyFactory().With("FileLimits:MaxTextChars", "1000");
        await using var scope = small.Services.CreateAsyncScope();
        var reader = scope.Get<ReportFileReader>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(new string('问', 1001)));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            (await reader.ReadAsync(text, "述职报告.txt")).Error.ShouldBe("报告文字超过 1000 字的上限，未读取。请删去无关内容后重新上传，或只粘贴“存在的问题”部分。");
            text.Position = 0;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            (await reader.ReadAsync(text, "report.txt")).Error.ShouldBe("The report is longer than 1000 characters and was not read. Remove unrelated content, or paste only the problems section.");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task A_limit_set_below_its_floor_stops_the_app_at_start()
    {
        using var bad = new RectifyFactory().With("FileLimits:MaxRows", "0");
        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => bad.Services);
        error.Message.ShouldContain("MaxRows");
        await Task.CompletedTask;
    }

    private async Task<(ImportCheck Check, int ItemsBefore)> ImportAsync(string path)
    {
        var items = await CountItemsAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.Get<LedgerExcelImporter>();
        var access = await AccessAsync(app, "admin");
        var target = ImportTarget.New($"炸弹测试-{Guid.NewGuid():N}"[..20], ProblemSource.ReviewSelf, Today, await OrganizationIdAsync(app, "区民政局党组"));
        using var timeout = new CancellationTokenSource(TimeBudget);
        var clock = Stopwatch.StartNew();
        ImportCheck check;
        using (var memory = MemoryWatch.OfThisProcess())
        {
            await using var upload = File.OpenRead(path);
            check = await importer.CheckFileAsync(upload, Path.GetFileName(path), target, access, cancellationToken: timeout.Token);
            memory.Stop();
            memory.PeakGrowthBytes.ShouldBeLessThan(MemoryBudget, memory.Describe());
        }

        clock.Elapsed.ShouldBeLessThan(TimeBudget);
        return (check, items);
    }

    private async Task<int> CountItemsAsync()
    {
        await using var db = app.CreateDbContext();
        return db.Items.Count();
    }
}
