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
public sealed class UploadBombTests(RectifyFactory app, HostileFileFixture files) : IClassFixture<RectifyFactory>, IClassFixture<HostileFileFixture>
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
