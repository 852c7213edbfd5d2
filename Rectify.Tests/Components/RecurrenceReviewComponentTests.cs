using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Components.Pages.Admin;
using Rectify.Web.Components.Pages.LedgerIO;
using Rectify.Web.Components.Pages.Overview;
using Rectify.Web.LedgerIO;
using Rectify.Web.Localization;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.Components;

/// <summary>
/// 屡查屡犯 in the import previews, the administrators' review page and the overview, rendered with bUnit on the real app's
/// services and SQLite file: an Excel row like an earlier problem of its branch is flagged "可能重复" with that problem to look
/// at; after the import it waits on /admin/recurrences, where confirming marks it; a report's drafts are flagged the same way;
/// the overview counts recurrences per organisation and links to them.
/// </summary>
[Collection(ComponentCollection.Name)]
public sealed class RecurrenceReviewComponentTests(ComponentTestApp app) : IAsyncLifetime
{
    private static readonly LedgerExcelTemplate Template = new(new TextLocalizer(new TextCatalog()));

    private readonly List<BunitContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_imported_row_like_an_earlier_problem_is_flagged_and_after_the_import_an_administrator_confirms_it()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var page = await OpenImportAsync("admin", "import");
        page.Find("[data-testid=import-target-new]").Change(true);
        page.Find("[data-testid=import-target-title]").Input($"复发导入测试清单{unique}");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(
            Sheet(Row($"组织生活制度落实仍不严格，会议记录不全{unique}。"), Row($"公务用车登记台账不全{unique}。")), "问题清单.xlsx"));

        page.WaitForAssertion(() => page.Find("[data-testid=import-recurrence-summary]").TextContent.ShouldContain("1 个问题与本单位以前的问题相似（共核对 2 个）"), TimeSpan.FromSeconds(20));
        var row = page.Find("[data-testid=import-recurrence-row]");
        row.QuerySelector("[data-testid=possible-recurrence]")!.TextContent.ShouldBe("可能重复");
        row.TextContent.ShouldMatch(@"第\d+行");
        row.QuerySelector("[data-testid=import-recurrence-text]")!.TextContent.ShouldBe($"组织生活制度落实仍不严格，会议记录不全{unique}。");
        row.QuerySelector("[data-testid=import-recurrence-toggle]")!.Click();
        page.Find("[data-testid=import-recurrence-row] [data-testid=recurrence-same]").TextContent.ShouldContain("组织生活制度落实不严");
        page.FindAll("[data-testid=import-recurrence-row] [data-testid=recurrence-mark]").ShouldBeEmpty();

        page.Find("[data-testid=import-confirm]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=import-recurrence-proposed]").TextContent.ShouldContain("其中 1 个可能是以前问题的复发"), TimeSpan.FromSeconds(30));

        Guid itemId;
        await using (var db = app.App.CreateDbContext())
        {
            itemId = await db.Items.Where(i => i.Description == $"组织生活制度落实仍不严格，会议记录不全{unique}。").Select(i => i.Id).SingleAsync();
        }

        var review = await RenderAsync<Recurrences>("admin");
        review.WaitForAssertion(() => review.Find($"[data-testid=recurrence-pair][data-item='{itemId}']"));
        review.Find($"[data-testid=recurrence-pair][data-item='{itemId}'] [data-testid=recurrence-confirm]").Click();

        review.WaitForAssertion(() => review.Find("[data-testid=recurrences-message]").TextContent.ShouldContain("标记为"));
        review.FindAll($"[data-testid=recurrence-pair][data-item='{itemId}']").ShouldBeEmpty();
        await using (var db = app.App.CreateDbContext())
        {
            (await db.Items.SingleAsync(i => i.Id == itemId)).RecurrenceOfItemId.ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task A_secretarys_report_drafts_like_earlier_problems_of_the_branch_are_flagged()
    {
        var page = await OpenImportAsync("secretary", "report");
        page.Find("[data-testid=report-text]").Change("""
            一、履职情况
            一是抓好理论学习。
            二、存在的问题
            一是组织生活制度落实还不够严格，支部会议记录不全。
            二是信访件办理超期未结。
            三、下一步工作措施
            一是严格落实组织生活制度。
            """);
        page.Find("[data-testid=report-extract]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=import-recurrence-summary]").TextContent.ShouldContain("1 个问题与本单位以前的问题相似（共核对 2 个）"), TimeSpan.FromSeconds(20));
        page.Find("[data-testid=import-recurrence-row]").TextContent.ShouldContain("问题1");
        page.Find("[data-testid=import-recurrence-after]").TextContent.ShouldContain("屡查屡犯核对");
    }

    [Fact]
    public async Task The_review_page_refuses_someone_who_is_not_an_administrator()
    {
        var page = await RenderAsync<Recurrences>("secretary");

        page.WaitForAssertion(() => page.FindAll("[data-testid=recurrences-table], [data-testid=recurrences-empty]").ShouldBeEmpty());
        page.Markup.ShouldNotContain("屡查屡犯核对</h1>");
    }

    [Fact]
    public async Task The_overview_counts_recurrences_per_organisation_and_each_count_links_to_them()
    {
        Guid laterId;
        var access = await app.App.AccessAsync("admin");
        await using (var db = app.App.CreateDbContext())
        {
            var demoTime = DateTimeOffset.UtcNow.AddDays(-1);
            var earlier = await db.Items.FirstAsync(i => i.Description.StartsWith("组织生活制度落实不严") && i.CreatedAt < demoTime);
            var list = await db.ProblemLists.SingleAsync(l => l.Id == earlier.ProblemListId);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var later = RectificationItem.Create(access, list, await db.Items.CountAsync(i => i.ProblemListId == list.Id) + 100,
                new ItemDetails("组织生活制度落实依然不严。", earlier.Category, earlier.ResponsibleOrganizationId, earlier.OwnerId, earlier.LeaderId, DeadlineType.ByDate, today.AddDays(30)),
                today, DateTimeOffset.UtcNow);
            db.Items.Add(later);
            later.MarkRecurrence(access, earlier.Id, earlier, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            laterId = later.Id;
        }

        var section = await RenderAsync<RecurrenceSection>("admin");

        section.WaitForAssertion(() => section.Find("[data-testid=recurrence-branch]"));
        section.Find("#recurrence-title").TextContent.Trim().ShouldBe("反复出现的问题");
        var office = section.FindAll("[data-testid=recurrence-branch]").Single(r => r.TextContent.Contains("机关第一党支部"));
        var href = office.QuerySelector("[data-testid=recurrence-count]")!.GetAttribute("href")!;
        href.ShouldContain("recurrence=1");
        href.ShouldContain($"newfrom={DateTime.UtcNow.Year}-01-01");
        section.Find("[data-testid=recurrence-summary]").TextContent.ShouldContain("标记为以前问题复发的");

        section.Find("[data-testid=recurrence-period]").Change("LastYear");
        section.WaitForAssertion(() => section.Find("[data-testid=recurrence-none]").TextContent.ShouldBe("本期间没有标记为复发的问题。"));
        laterId.ShouldNotBe(Guid.Empty);
    }

    private static Dictionary<LedgerColumn, string> Row(string description) => new()
    {
        [LedgerColumn.Source] = "民主生活会",
        [LedgerColumn.Description] = description,
        [LedgerColumn.Measures] = "1. 制定整改方案",
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

    private async Task<IRenderedComponent<LedgerImport>> OpenImportAsync(string userName, string tab)
    {
        var context = await app.SignInAsync(userName);
        _contexts.Add(context);
        context.Services.GetRequiredService<NavigationManager>().NavigateTo($"ledger/import?tab={tab}");
        var page = context.Render<LedgerImport>();
        page.WaitForElement($"[data-testid=tab-{tab}].active");
        return page;
    }

    private async Task<IRenderedComponent<T>> RenderAsync<T>(string user)
        where T : IComponent
    {
        var context = await app.SignInAsync(user);
        _contexts.Add(context);
        return context.Render<T>();
    }
}
