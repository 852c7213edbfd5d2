using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Mail;
using Rectify.Tests.Support;
using Rectify.Web.Data;
using Rectify.Web.Hosting;
using Rectify.Web.Identity;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.Mail;

namespace Rectify.Tests.Jobs;

/// <summary>The scheduled ledger work on the demo data (real SQLite and PostgreSQL, jobs off, runs driven through the run services).</summary>
public abstract class ReminderJobTests(DatabaseProvider provider)
{
    public sealed class OnSqlite() : ReminderJobTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgres() : ReminderJobTests(DatabaseProvider.Postgres);

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static async Task<T> RunScopedAsync<T>(RectifyFactory app, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static Task<RunResult> RemindAsync(RectifyFactory app, DateTimeOffset now) =>
        RunScopedAsync(app, sp => sp.GetRequiredService<ReminderRun>().RunAsync(now));

    private static Task<int> CloseAsync(RectifyFactory app, DateTimeOffset now) =>
        RunScopedAsync(app, sp => sp.GetRequiredService<CloseSignedOffRun>().RunAsync(now));

    private static async Task<List<OutboxMessage>> OutboxAsync(RectifyFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    private static async Task<AppUser> UserAsync(RectifyFactory app, string userName)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
    }

    /// <summary>08:30 Beijing time on the day the demo's overdue item (owner secretary2) is <paramref name="daysOverdue"/> days late.</summary>
    private static async Task<DateTimeOffset> DayOverdueAsync(RectifyFactory app, int daysOverdue)
    {
        await using var db = app.CreateDbContext();
        var late = await db.Items.AsNoTracking().SingleAsync(i => i.Description.StartsWith("党建责任落实还不够严"));
        var day = late.Deadline!.Value.AddDays(daysOverdue);
        var local = day.ToDateTime(new TimeOnly(8, 30));
        return new DateTimeOffset(local, Shanghai.GetUtcOffset(local));
    }

    [Fact]
    public async Task Reminder_run_enqueues_overdue_digests_and_leader_escalation_once()
    {
        using var app = RectifyFactory.On(provider);
        var now = await DayOverdueAsync(app, 3);
        var secretary2 = await UserAsync(app, "secretary2");
        var leader = await UserAsync(app, "leader");

        var first = await RemindAsync(app, now);

        first.Enqueued.ShouldBeGreaterThan(0);
        var messages = await OutboxAsync(app);
        var owner = messages.Where(m => m.RecipientUserId == secretary2.Id).ShouldHaveSingleItem();
        owner.Kind.ShouldBe("Digest");
        owner.Subject.ShouldStartWith("【逾期提醒】");
        owner.ToAddress.ShouldBe(secretary2.Email);
        owner.TextBody.ShouldContain("党建责任落实还不够严");
        owner.TextBody.ShouldContain("已逾期3天");
        owner.HtmlBody.ShouldContain("http://localhost:5000/items/");
        var escalation = messages.Where(m => m.RecipientUserId == leader.Id).ShouldHaveSingleItem();
        escalation.Subject.ShouldStartWith("【逾期督办】");
        messages.GroupBy(m => m.RecipientUserId).ShouldAllBe(g => g.Count() == 1);

        var second = await RemindAsync(app, now.AddHours(2));

        second.Enqueued.ShouldBe(0);
        second.AlreadyEnqueued.ShouldBe(first.Enqueued);
        (await OutboxAsync(app)).Count.ShouldBe(messages.Count);
    }

    [Fact]
    public async Task A_long_problem_shows_its_first_sixty_characters_in_the_digest()
    {
        using var app = RectifyFactory.On(provider);
        var now = await DayOverdueAsync(app, 3);
        var secretary2 = await UserAsync(app, "secretary2");
        // 60 characters, then a tail the mail must not carry (the run reads only the start of each description).
        var start = string.Concat(Enumerable.Repeat("党建责任落实还不够严，", 5)) + "五项整改措";
        start.Length.ShouldBe(60);
        await using (var db = app.CreateDbContext())
        {
            await db.Items.Where(i => i.Description.StartsWith("党建责任落实还不够严")).ExecuteUpdateAsync(u => u.SetProperty(i => i.Description, start + "施督促检查不够。"));
        }

        await RemindAsync(app, now);

        var mail = (await OutboxAsync(app)).Where(m => m.RecipientUserId == secretary2.Id).ShouldHaveSingleItem();
        mail.TextBody.ShouldContain(start + "…");
        mail.TextBody.ShouldNotContain("督促检查");
    }

    [Fact]
    public async Task A_person_with_several_roles_gets_one_digest_a_day_with_a_section_per_role()
    {
        using var app = RectifyFactory.On(provider);
        var now = await DayOverdueAsync(app, 14);
        var admin = await UserAsync(app, "admin");
        await using (var db = app.CreateDbContext())
        {
            // The administrator also owns an item due in 7 days: the 14-day escalation and the due-soon reminder are one mail.
            var style = await db.Items.SingleAsync(i => i.Description.StartsWith("作风建设"));
            var runDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Shanghai).DateTime);
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"RectificationItems\" SET \"Deadline\" = {0}, \"DueDate\" = {0}, \"OwnerId\" = {1} WHERE \"Id\" = {2}",
                [runDay.AddDays(7), admin.Id, style.Id]);
        }

        var first = await RemindAsync(app, now);
        var again = await RemindAsync(app, now.AddHours(3));
        var nextDay = await RemindAsync(app, now.AddDays(1));

        var messages = await OutboxAsync(app);
        var today = messages.Where(m => m.CreatedAt == now).ToList();
        today.GroupBy(m => m.RecipientUserId).ShouldAllBe(g => g.Count() == 1);
        var mail = today.Single(m => m.RecipientUserId == admin.Id);
        mail.Subject.ShouldBe("【逾期督办】有1项整改事项逾期较长，最长逾期14天，另有1项即将到期");
        mail.TextBody.IndexOf("逾期时间较长，请跟踪督办（1项）", StringComparison.Ordinal)
            .ShouldBeLessThan(mail.TextBody.IndexOf("即将到期（1项）", StringComparison.Ordinal));
        mail.TextBody.ShouldContain("党建责任落实还不够严");
        mail.TextBody.ShouldContain("已逾期14天");
        mail.TextBody.ShouldContain("还有7天到期");
        mail.HtmlBody.ShouldContain("<h3>即将到期（1项）</h3>");
        mail.IdempotencyKey.ShouldBe($"Digest:{admin.Id}:{DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Shanghai).DateTime):yyyy-MM-dd}");
        again.Enqueued.ShouldBe(0);
        again.AlreadyEnqueued.ShouldBe(first.Enqueued);
        nextDay.Enqueued.ShouldBeGreaterThan(0);
        messages.Count.ShouldBe(first.Enqueued + nextDay.Enqueued);
    }

    [Fact]
    public async Task Dispatcher_delivers_reminders_with_chinese_subjects_exactly_once_after_a_rerun()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        using var app = RectifyFactory.On(provider);
        foreach (var (key, value) in MailTestKit.Smtp(server))
        {
            app.With(key, value);
        }

        var now = await DayOverdueAsync(app, 3);
        var first = await RemindAsync(app, now);
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        await RemindAsync(app, now.AddMinutes(5));
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        var mails = await server.WaitForMessagesAsync(first.Enqueued);
        await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastSmtpDelivery, () => server.Messages().Count, first.Enqueued, "the second run sends no copy");
        mails = server.Messages();
        mails.ShouldContain(m => m.Subject != null && m.Subject.StartsWith("【逾期提醒】", StringComparison.Ordinal));
        mails.ShouldContain(m => m.Subject != null && m.Subject.StartsWith("【逾期督办】", StringComparison.Ordinal));
        (await OutboxAsync(app)).ShouldAllBe(m => m.State == OutboxState.Sent);
    }

    [Fact]
    public async Task Opting_out_of_due_soon_mail_drops_it_but_overdue_mail_still_arrives()
    {
        using var app = RectifyFactory.On(provider);
        var secretary2 = await UserAsync(app, "secretary2");
        var now = await DayOverdueAsync(app, 3);
        await using (var db = app.CreateDbContext())
        {
            // Give secretary2 a second item due in exactly 7 days on the run day.
            var style = await db.Items.SingleAsync(i => i.Description.StartsWith("作风建设"));
            var runDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Shanghai).DateTime);
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"RectificationItems\" SET \"Deadline\" = {0}, \"DueDate\" = {0} WHERE \"Id\" = {1}", [runDay.AddDays(7), style.Id]);
        }

        var withDueSoon = await OptedAsync(app, secretary2.Id, optOut: false, now);
        withDueSoon.TextBody.ShouldContain("还有7天到期");
        withDueSoon.TextBody.ShouldContain("已逾期3天");

        using var app2 = RectifyFactory.On(provider);
        var secretary2b = await UserAsync(app2, "secretary2");
        var now2 = await DayOverdueAsync(app2, 3);
        await using (var db = app2.CreateDbContext())
        {
            var style = await db.Items.SingleAsync(i => i.Description.StartsWith("作风建设"));
            var runDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now2, Shanghai).DateTime);
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"RectificationItems\" SET \"Deadline\" = {0}, \"DueDate\" = {0} WHERE \"Id\" = {1}", [runDay.AddDays(7), style.Id]);
        }

        var optedOut = await OptedAsync(app2, secretary2b.Id, optOut: true, now2);
        optedOut.TextBody.ShouldNotContain("还有7天到期");
        optedOut.TextBody.ShouldContain("已逾期3天");
        optedOut.Subject.ShouldStartWith("【逾期提醒】");
    }

    private static async Task<OutboxMessage> OptedAsync(RectifyFactory app, string userId, bool optOut, DateTimeOffset now)
    {
        await using (var db = app.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Id == userId);
            user.ReceiveDueSoonMail = !optOut;
            await db.SaveChangesAsync();
        }

        await RemindAsync(app, now);
        return (await OutboxAsync(app)).Single(m => m.RecipientUserId == userId);
    }

    [Fact]
    public async Task Approved_sign_off_is_closed_by_the_job_with_notices_and_an_audit_entry_once()
    {
        using var app = RectifyFactory.On(provider);
        var leader2 = await UserAsync(app, "leader2");
        var secretary = await UserAsync(app, "secretary");
        var tree = (await app.Services.GetRequiredService<OrganizationDirectory>().GetAsync()).Tree;
        var now = DateTimeOffset.UtcNow;
        Guid id;
        await using (var db = app.CreateDbContext())
        {
            var life = await db.Items.AsNoTracking().SingleAsync(i => i.Status == ItemStatus.AwaitingSignOff);
            id = life.Id;
            var item = (await ItemCommands.LoadAggregateAsync(db, id, CancellationToken.None))!;
            var actor = new Actor(leader2.Id, leader2.DisplayName, false, true, false, false, null, new HashSet<int>());
            item.ApproveSignOff(new AccessContext(actor, tree), now);
            await db.SaveChangesAsync();
        }

        var closed = await CloseAsync(app, now.AddMinutes(1));
        var again = await CloseAsync(app, now.AddMinutes(2));

        closed.ShouldBe(2); // this item and the demo's already approved one
        again.ShouldBe(0);
        await using (var db = app.CreateDbContext())
        {
            (await db.Items.AsNoTracking().SingleAsync(i => i.Id == id)).Status.ShouldBe(ItemStatus.Closed);
            (await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityId == id.ToString() && a.Action == "item.closed")).ShouldBe(1);
        }

        var notices = (await OutboxAsync(app)).Where(m => m.IdempotencyKey.StartsWith($"closed:{id}:", StringComparison.Ordinal)).ToList();
        notices.Select(m => m.RecipientUserId).OrderBy(x => x).ShouldBe(new[] { leader2.Id, secretary.Id }.OrderBy(x => x));
        notices.ShouldAllBe(m => m.Subject.StartsWith("【已销号】", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_item_reopened_and_closed_again_sends_the_closing_notices_again()
    {
        using var app = RectifyFactory.On(provider);
        var admin = await UserAsync(app, "admin");
        var leader2 = await UserAsync(app, "leader2");
        var secretary = await UserAsync(app, "secretary");
        var tree = (await app.Services.GetRequiredService<OrganizationDirectory>().GetAsync()).Tree;
        var leaderActor = new Actor(leader2.Id, leader2.DisplayName, false, true, false, false, leader2.OrganizationId, new HashSet<int>());
        var now = DateTimeOffset.UtcNow;
        Guid id;
        await using (var db = app.CreateDbContext())
        {
            id = (await db.Items.AsNoTracking().SingleAsync(i => i.Status == ItemStatus.AwaitingSignOff)).Id;
            var item = (await ItemCommands.LoadAggregateAsync(db, id, CancellationToken.None))!;
            item.ApproveSignOff(new AccessContext(leaderActor, tree), now);
            await db.SaveChangesAsync();
        }

        await CloseAsync(app, now.AddMinutes(1));
        await using (var db = app.CreateDbContext())
        {
            var item = (await ItemCommands.LoadAggregateAsync(db, id, CancellationToken.None))!;
            var adminActor = new Actor(admin.Id, admin.DisplayName, true, false, false, false, admin.OrganizationId, new HashSet<int>());
            item.Reopen(new AccessContext(adminActor, tree), "整改不到位，重新整改", now.AddMinutes(2));
            var owner = new Actor(secretary.Id, secretary.DisplayName, false, false, false, true, secretary.OrganizationId, new HashSet<int>());
            item.RequestSignOff(new AccessContext(owner, tree), "已重新整改到位", now.AddMinutes(3));
            item.ApproveSignOff(new AccessContext(leaderActor, tree), now.AddMinutes(4));
            await db.SaveChangesAsync();
        }

        (await CloseAsync(app, now.AddMinutes(5))).ShouldBe(1);

        var notices = (await OutboxAsync(app)).Where(m => m.Kind == "ItemClosed" && m.IdempotencyKey.StartsWith($"closed:{id}:", StringComparison.Ordinal)).ToList();
        notices.Count.ShouldBe(4, "two notices (owner, leader) for each of the two closings");
        notices.Count(m => m.RecipientUserId == secretary.Id).ShouldBe(2);
    }

    [Fact]
    public async Task Leader_summary_goes_once_per_leader_and_month_unless_opted_out()
    {
        using var app = RectifyFactory.On(provider);
        var leader = await UserAsync(app, "leader");
        var leader2 = await UserAsync(app, "leader2");
        await using (var db = app.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == leader2.Id)).ReceiveSummaryMail = false;
            await db.SaveChangesAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var first = await RunScopedAsync(app, sp => sp.GetRequiredService<LeaderSummaryRun>().RunAsync(now));
        var second = await RunScopedAsync(app, sp => sp.GetRequiredService<LeaderSummaryRun>().RunAsync(now.AddHours(1)));

        first.Enqueued.ShouldBe(1);
        second.Enqueued.ShouldBe(0);
        var mail = (await OutboxAsync(app)).ShouldHaveSingleItem();
        mail.RecipientUserId.ShouldBe(leader.Id);
        var month = TimeZoneInfo.ConvertTime(now, Shanghai);
        mail.Subject.ShouldBe($"【整改通报】{month.Year}年{month.Month}月整改情况汇总");
        mail.TextBody.ShouldContain("销号率");
    }
}
