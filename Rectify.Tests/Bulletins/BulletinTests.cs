using System.Net;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Rectify.Domain.Bulletins;
using Rectify.Domain.Ledger;
using Rectify.Tests.ItemDetail;
using Rectify.Tests.Support;
using Rectify.Web.Bulletins;
using Rectify.Web.Data;
using Rectify.Web.Hosting;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.Mail;
using Rectify.Web.Overview;

namespace Rectify.Tests.Bulletins;

/// <summary>The periodic 督查通报 on the demo ledger, on both databases: the document, its figures, freezing, reruns, who may read it.</summary>
public abstract class BulletinTests(DatabaseProvider provider)
{
    public sealed class OnSqlite() : BulletinTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgres() : BulletinTests(DatabaseProvider.Postgres);

    private static async Task<IssueResult> IssueAsync(RectifyFactory app, BulletinCadence cadence = BulletinCadence.Monthly)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var clock = scope.ServiceProvider.GetRequiredService<LedgerClock>();
        return await scope.ServiceProvider.GetRequiredService<BulletinService>().IssueAsync(BulletinPeriod.LastCompleted(cadence, clock.Today), "test");
    }

    [Fact]
    public async Task An_issued_bulletin_is_a_valid_A4_document_whose_figures_equal_the_overview_of_the_same_day()
    {
        using var app = RectifyFactory.On(provider);

        var result = await IssueAsync(app);

        result.Issued.ShouldBeTrue();
        var bulletin = result.Bulletin;
        bulletin.Number.ShouldBe($"党建督查〔{bulletin.AsOf.Year}〕1号");
        await using var scope = app.Services.CreateAsyncScope();
        var admin = await ActingAs.AccessAsync(app, "admin");
        var overview = await scope.ServiceProvider.GetRequiredService<OverviewQueries>().GetAsync(admin);
        var figures = BulletinService.FiguresOf(bulletin);
        figures.AsOf.ShouldBe(overview.Today);
        (figures.Total, figures.Closed, figures.Unfinished, figures.Overdue, figures.DueSoon, figures.ClosingRate)
            .ShouldBe((overview.Total, overview.Closed, overview.Unfinished, overview.Overdue, overview.DueSoon, overview.ClosingRate));
        figures.Branches.Select(b => (b.Name, b.Rank, b.Total, b.Closed, b.Overdue, b.Light))
            .ShouldBe(overview.Branches.Where(b => b.Total > 0).Select(b => (b.Name, b.Rank, b.Total, b.Closed, b.Overdue, b.Light)));
        figures.OverdueItems.Count.ShouldBe(overview.Overdue);
        figures.Overdue.ShouldBeGreaterThan(0);

        using var stream = new MemoryStream(bulletin.Document);
        using var document = WordprocessingDocument.Open(stream, false);
        new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        var page = document.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.SectionProperties>().Single()
            .GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.PageSize>()!;
        (page.Width!.Value, page.Height!.Value).ShouldBe((11906U, 16838U)); // A4 portrait
        var text = document.MainDocumentPart.Document.Body.InnerText;
        text.ShouldContain("区民政局党组");
        text.ShouldContain("督查通报");
        text.ShouldContain(bulletin.Number);
        text.ShouldContain($"共有问题整改事项{overview.Total}个，已完成整改并销号{overview.Closed}个");
        text.ShouldContain("党建责任落实还不够严"); // the demo's overdue item, by name
        text.ShouldContain("一、各党组织整改进度排名");
        text.ShouldContain("二、逾期未完成整改事项");
        text.ShouldContain("三、本期完成整改并销号事项");
    }

    [Fact]
    public async Task A_problem_marked_as_a_recurrence_is_counted_and_listed_with_the_earlier_item_in_its_own_section()
    {
        using var app = RectifyFactory.On(provider);
        var kit = new ItemDetailKit(app);
        Guid earlierId;
        string earlierNumber;
        await using (var db = app.CreateDbContext())
        {
            var earlier = await db.Items.SingleAsync(i => i.Description.StartsWith("组织生活制度落实不严"));
            (earlierId, earlierNumber) = (earlier.Id, earlier.Number);
        }

        var itemId = await kit.CreateItemAsync("组织生活制度落实仍不严格，“三会一课”记录不全。");
        var item = await kit.LoadAsync(itemId);
        await using (var admin = await app.ScopeAsAsync("admin"))
        {
            var marked = await admin.ServiceProvider.GetRequiredService<ItemCommands>().MarkRecurrenceAsync(itemId, item.Version, earlierId);
            marked.Status.ShouldBe(CommandStatus.Ok);
        }

        var bulletin = (await IssueAsync(app)).Bulletin;

        var figures = BulletinService.FiguresOf(bulletin);
        figures.Recurrences.ShouldBe(1);
        figures.RecurrenceItems.ShouldNotBeNull().Select(r => (r.Number, r.Description, r.Organization, r.EarlierNumber))
            .ShouldBe([(item.Number, "组织生活制度落实仍不严格，“三会一课”记录不全。", "机关第一党支部", earlierNumber)]);
        using var stream = new MemoryStream(bulletin.Document);
        using var document = WordprocessingDocument.Open(stream, false);
        new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        var body = document.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        paragraphs.ShouldContain(p => p.Contains("其中屡查屡犯问题1个", StringComparison.Ordinal));
        paragraphs.ShouldContain("四、屡查屡犯问题（1项）");
        paragraphs.ShouldContain("五、下一步工作要求");
        var rows = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().Last()
            .Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().Select(r => r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList()).ToList();
        rows[0].ShouldBe(["序号", "编号", "问题描述", "党组织", "此前问题编号"]);
        // The problem description gets most of the page's width (it used to get a fifth and wrapped every few characters), and
        // the columns fill exactly the text area between the margins, in every table of the bulletin.
        foreach (var table in body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>())
        {
            var widths = table.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.TableGrid>()!
                .Elements<DocumentFormat.OpenXml.Wordprocessing.GridColumn>().Select(c => int.Parse(c.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            widths.Sum().ShouldBeInRange(8844 - widths.Count, 8844);
            table.Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().First().Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>()
                .Select(c => c.TableCellProperties!.TableCellWidth!.Width!.Value).ShouldBe(widths.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var recurrenceWidths = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().Last().GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.TableGrid>()!
            .Elements<DocumentFormat.OpenXml.Wordprocessing.GridColumn>().Select(c => int.Parse(c.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        recurrenceWidths.IndexOf(recurrenceWidths.Max()).ShouldBe(2, "问题描述 is the widest column");
        recurrenceWidths[2].ShouldBeGreaterThan(8844 / 3);
        rows.Skip(1).ShouldHaveSingleItem().ShouldBe(["1", item.Number, "组织生活制度落实仍不严格，“三会一课”记录不全。", "机关第一党支部", earlierNumber]);
    }

    [Fact]
    public async Task Without_recurrences_the_section_is_left_out_and_a_bulletin_issued_before_they_were_counted_still_reads()
    {
        using var app = RectifyFactory.On(provider);

        var bulletin = (await IssueAsync(app)).Bulletin;

        using (var stream = new MemoryStream(bulletin.Document))
        using (var document = WordprocessingDocument.Open(stream, false))
        {
            var text = document.MainDocumentPart!.Document!.Body!.InnerText;
            text.ShouldNotContain("屡查屡犯");
            text.ShouldContain("四、下一步工作要求");
        }

        BulletinService.FiguresOf(bulletin).Recurrences.ShouldBe(0);
        var old = System.Text.Json.Nodes.JsonNode.Parse(bulletin.FiguresJson)!.AsObject();
        old.Remove("recurrences");
        old.Remove("recurrenceItems");
        var before = Bulletin.Issue(bulletin.Period, 9, bulletin.Number, bulletin.Title, bulletin.AsOf, bulletin.IssuedAt, null, old.ToJsonString(), bulletin.Document);
        var figures = BulletinService.FiguresOf(before);
        figures.Recurrences.ShouldBeNull();
        figures.RecurrenceItems.ShouldBeNull();
        figures.Total.ShouldBe(BulletinService.FiguresOf(bulletin).Total);
    }

    [Fact]
    public async Task Issuing_the_same_period_again_issues_nothing_and_mails_nobody_twice()
    {
        using var app = RectifyFactory.On(provider);

        var first = await IssueAsync(app);
        var again = await IssueAsync(app);

        again.Issued.ShouldBeFalse();
        again.Bulletin.Id.ShouldBe(first.Bulletin.Id);
        await using var db = app.CreateDbContext();
        (await db.Set<Bulletin>().CountAsync()).ShouldBe(1);
        var mails = await db.Set<OutboxMessage>().Where(m => m.Kind == "Bulletin").ToListAsync();
        var readers = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                             where r.Name == "Leader" || r.Name == "Admin" select ur.UserId).Distinct().CountAsync();
        mails.Count.ShouldBe(readers);
        mails.ShouldAllBe(m => m.Subject.StartsWith("【督查通报】", StringComparison.Ordinal));
        mails.ShouldAllBe(m => m.TextBody.Contains($"/bulletins/{first.Bulletin.Id}.docx", StringComparison.Ordinal));

        var quarterly = await IssueAsync(app, BulletinCadence.Quarterly);
        quarterly.Issued.ShouldBeTrue();
        quarterly.Bulletin.Number.ShouldEndWith("〕2号");
    }

    [Fact]
    public async Task A_bulletin_is_frozen_when_issued_and_later_changes_to_the_ledger_do_not_alter_it()
    {
        using var app = RectifyFactory.On(provider);
        var issued = (await IssueAsync(app)).Bulletin;

        await using (var db = app.CreateDbContext())
        {
            await db.Items.ExecuteUpdateAsync(s => s.SetProperty(i => i.DueDate, (DateOnly?)null).SetProperty(i => i.Deadline, (DateOnly?)null));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<BulletinService>().GetAsync(issued.Id);
        stored!.Document.ShouldBe(issued.Document);
        BulletinService.FiguresOf(stored).Overdue.ShouldBe(BulletinService.FiguresOf(issued).Overdue);
        BulletinService.FiguresOf(stored).Overdue.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Leaders_download_it_and_secretaries_are_refused_with_a_Chinese_message()
    {
        using var app = RectifyFactory.On(provider);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.StartKestrel()) };
        var issued = (await IssueAsync(app)).Bulletin;

        async Task<HttpResponseMessage> GetAsync(string? user)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/bulletins/{issued.Id}.docx");
            if (user is not null)
            {
                request.Headers.Add("Cookie", await HttpSignIn.CookiesAsync(http, user));
            }

            return await http.SendAsync(request);
        }

        var leader = await GetAsync("leader2");
        leader.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await leader.Content.ReadAsByteArrayAsync()).ShouldBe(issued.Document);
        var secretary = await GetAsync("secretary");
        secretary.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await secretary.Content.ReadAsStringAsync()).ShouldBe("只有领导和管理员可以查看督查通报。");
        (await GetAsync(null)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}

/// <summary>The scheduled job issues the bulletin once, however often it runs for the same period.</summary>
public sealed class BulletinJobTests
{
    [Fact]
    public async Task The_job_issues_the_last_period_once_however_often_it_runs()
    {
        using var app = new RectifyFactory().With("Jobs:Enabled", "true").With("Jobs:DispatchOutboxSeconds", "3600");
        app.CreateClient().Dispose();
        var jobs = app.Services.GetRequiredService<JobControl>();

        await jobs.TriggerNowAsync(JobKeys.Bulletin);
        await WaitForAsync(app, 1);
        await jobs.TriggerNowAsync(JobKeys.Bulletin);
        await jobs.TriggerNowAsync(JobKeys.Bulletin);
        // The job never runs concurrently with itself: once the last trigger has fired and finished, no second bulletin exists.
        // "Run now" adds a one-shot trigger that Quartz deletes once its run has completed; the job's own (monthly) trigger is
        // the one left.
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await scheduler.GetTriggersOfJob(JobKeys.Bulletin)).Count > 1)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the triggered bulletin runs should have finished within 30 s");
            await Task.Delay(100);
        }

        await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastJobRun, async () =>
        {
            await using var db = app.CreateDbContext();
            return await db.Set<Bulletin>().CountAsync();
        }, 1, "the other triggers issue no second bulletin");
    }

    private static async Task WaitForAsync(RectifyFactory app, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = app.CreateDbContext();
            if (await db.Set<Bulletin>().CountAsync() >= count)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The bulletin job issued nothing within 60 s.");
    }
}
