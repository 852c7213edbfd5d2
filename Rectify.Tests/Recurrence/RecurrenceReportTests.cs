using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Tests.Recurrence;

/// <summary>The Word report (整改落实情况报告) says how many of its items are recurrences and names each with the earlier item; on SQLite and PostgreSQL.</summary>
public abstract class RecurrenceReportTests(RecurrenceFixture fixture)
{
    public sealed class OnSqlite(SqliteRecurrenceFixture fixture) : RecurrenceReportTests(fixture), IClassFixture<SqliteRecurrenceFixture>;

    public sealed class OnPostgres(PostgresRecurrenceFixture fixture) : RecurrenceReportTests(fixture), IClassFixture<PostgresRecurrenceFixture>;

    [Fact]
    public async Task The_report_counts_the_recurrences_and_lists_each_with_the_earlier_items_number_and_year()
    {
        var admin = await fixture.AdminAsync();
        var branch = await fixture.App.OrganizationIdAsync(RecurrenceFixture.Branch);
        var owner = await fixture.App.UserIdAsync("secretary");
        var leader = await fixture.App.UserIdAsync("leader2");
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Guid listId;
        string number, earlierNumber;
        await using (var db = fixture.App.CreateDbContext())
        {
            var list = ProblemList.Create(admin, "2026年度组织生活会查摆问题清单（复发）", ProblemSource.OrganizationalLifeMeeting, today, branch, now);
            db.ProblemLists.Add(list);
            RectificationItem Add(int k, string text) =>
                db.Items.Add(RectificationItem.Create(admin, list, k,
                    new ItemDetails(text, Categories.Suggested[0], branch, owner, leader, DeadlineType.ByDate, today.AddDays(30)), today, now)).Entity;
            var again = Add(1, "学习形式单一，仍以读文件为主");
            Add(2, "安全生产隐患排查不彻底");
            var earlier = await db.Items.SingleAsync(i => i.Id == fixture.Earlier["E13"]);
            again.MarkRecurrence(admin, earlier.Id, earlier, now);
            await db.SaveChangesAsync();
            (listId, number, earlierNumber) = (list.Id, again.Number, earlier.Number);
        }

        var client = await SignedInClientAsync(fixture.App, "admin");
        var response = await client.GetAsync($"/problem-lists/{listId}/report.docx");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Elements<W.Paragraph>().Select(p => p.InnerText).ToList();
        var summary = paragraphs.IndexOf("其中屡查屡犯问题（标记为以前问题复发的）1个。");
        summary.ShouldBeGreaterThan(0);
        paragraphs[summary - 1].ShouldContain("共有问题 2 个");
        paragraphs[summary + 1].ShouldBe($"{number} 学习形式单一，仍以读文件为主（复发自2025年问题 {earlierNumber}）");
        paragraphs[summary + 2].ShouldStartWith("1. ");
    }
}
