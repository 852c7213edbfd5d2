using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Data;
using Rectify.Web.Hosting;
using Rectify.Web.Jobs;
using Rectify.Web.Mail;
using Rectify.Web.Robots;

namespace Rectify.Tests.Robots;

/// <summary>
/// Group robots end to end on the demo data: the morning run puts one message per organisation into the outbox, the robot
/// dispatcher posts it to robot_server.py (a real HTTP server process on loopback that checks keys, signatures and JSON shapes
/// as each platform does), and the outbox records what the platform answered. Real SQLite and PostgreSQL.
/// </summary>
public abstract class GroupRobotTests(DatabaseProvider provider)
{
    public sealed class OnSqlite() : GroupRobotTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgres() : GroupRobotTests(DatabaseProvider.Postgres);

    private const string Office = "机关第一党支部";
    private const string Welfare = "福利院党支部";

    private static RectifyFactory App(DatabaseProvider provider, RobotTestServer server)
    {
        var app = RectifyFactory.On(provider);
        foreach (var (key, value) in server.Settings)
        {
            app.With(key, value);
        }

        return app;
    }

    private static async Task<int> OrganizationAsync(RectifyFactory app, string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Organizations.Where(o => o.Name.Contains(name)).Select(o => o.Id).SingleAsync();
    }

    private static async Task<int> AddRobotAsync(RectifyFactory app, string organization, RobotPlatform platform, string address, string? secret = null)
    {
        var id = await OrganizationAsync(app, organization);
        var secrets = app.Services.GetRequiredService<RobotSecrets>();
        await using var db = app.CreateDbContext();
        db.Set<GroupRobot>().Add(GroupRobot.Create(id, platform, secrets.Protect(address), RobotSecrets.Hint(address), secret is null ? null : secrets.Protect(secret),
            enabled: true, postBulletins: false, "test", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return id;
    }

    private static async Task<RunResult> MorningAsync(RectifyFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RobotSummaryRun>().RunAsync(DateTimeOffset.UtcNow);
    }

    private static async Task<List<OutboxMessage>> RobotMessagesAsync(RectifyFactory app)
    {
        await using var db = app.CreateDbContext();
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Channel == OutboxChannel.GroupRobot).OrderBy(m => m.Id).ToListAsync();
    }

    private static Task<RobotDispatchResult> DispatchAsync(RectifyFactory app) => app.Services.GetRequiredService<RobotDispatcher>().DispatchDueAsync();

    [Fact]
    public async Task Morning_summary_is_posted_once_and_reruns_and_a_restart_post_nothing_again()
    {
        using var folder = new TempFolder();
        using var server = await RobotTestServer.StartAsync(folder.Path);
        using var app = App(provider, server);
        var office = await AddRobotAsync(app, Office, RobotPlatform.DingTalk, RobotTestServer.DingTalkToken, RobotTestServer.DingTalkSecret);

        var first = await MorningAsync(app);
        var again = await MorningAsync(app);

        first.Enqueued.ShouldBe(1);
        again.Enqueued.ShouldBe(0);
        again.AlreadyEnqueued.ShouldBe(1);
        var message = (await RobotMessagesAsync(app)).ShouldHaveSingleItem();
        message.IdempotencyKey.ShouldStartWith($"RobotSummary:{office}:");
        message.ToAddress.ShouldBe($"robot:{office}");
        (await DispatchAsync(app)).Sent.ShouldBe(1);

        // A restarted process: a new dispatcher (no memory of the first), a rerun of the morning job, another dispatch.
        var restarted = ActivatorUtilities.CreateInstance<RobotDispatcher>(app.Services);
        (await MorningAsync(app)).Enqueued.ShouldBe(0);
        (await restarted.DispatchDueAsync()).Sent.ShouldBe(0);

        var request = server.Requests().ShouldHaveSingleItem();
        request["platform"]!.GetValue<string>().ShouldBe("DingTalk");
        request["answer"]!["errcode"]!.GetValue<int>().ShouldBe(0);
        var text = request["body"]!["markdown"]!["text"]!.GetValue<string>();
        text.ShouldContain("机关第一党支部整改提醒");
        text.ShouldContain("7日内到期 1 项");
        text.ShouldContain("党建载体缺乏创新");
        text.ShouldContain("还剩3天");
        text.ShouldContain("待审核销号 1 项");
        text.ShouldContain("](http://localhost:5000/items/");
        if (provider == DatabaseProvider.Sqlite)
        {
            await RobotTestServer.SaveSampleAsync(request, "DingTalk-morning-summary");
        }

        var stored = (await RobotMessagesAsync(app)).ShouldHaveSingleItem();
        stored.State.ShouldBe(OutboxState.Sent);
        stored.Attempts.ShouldBe(0);
    }

    [Fact]
    public async Task A_message_left_sending_by_a_crash_is_posted_again_after_its_lease_and_counted()
    {
        using var folder = new TempFolder();
        using var server = await RobotTestServer.StartAsync(folder.Path);
        using var app = App(provider, server);
        await AddRobotAsync(app, Welfare, RobotPlatform.WeCom, RobotTestServer.WeComKey);
        await MorningAsync(app);
        // The crashed run had claimed it; its lease ended a minute ago.
        await using (var db = app.CreateDbContext())
        {
            DateTimeOffset? ended = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.Set<OutboxMessage>().ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sending).SetProperty(m => m.NextAttemptAt, ended));
        }

        var result = await DispatchAsync(app);

        result.Recovered.ShouldBe(1);
        result.Sent.ShouldBe(1);
        var message = (await RobotMessagesAsync(app)).ShouldHaveSingleItem();
        message.State.ShouldBe(OutboxState.Sent);
        message.Attempts.ShouldBe(1);
        message.LastError.ShouldNotBeNull().ShouldContain("Interrupted");
        var body = server.Requests().ShouldHaveSingleItem()["body"]!;
        body["msgtype"]!.GetValue<string>().ShouldBe("markdown");
        body["markdown"]!["content"]!.GetValue<string>().ShouldContain("逾期6天");
    }
}
