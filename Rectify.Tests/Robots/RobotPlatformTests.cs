using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Web.Mail;
using Rectify.Web.Robots;

namespace Rectify.Tests.Robots;

/// <summary>
/// Each platform as robot_server.py plays it: the signed request in the platform's JSON shape is accepted; a wrong key or
/// secret is refused with the platform's code and the message is Failed at once; a rate-limit answer is retried after the
/// platform's window; and Rectify itself posts at most GroupRobots:MessagesPerMinute (20) a minute to one robot.
/// </summary>
public sealed class RobotPlatformTests(RobotFixture fixture) : IClassFixture<RobotFixture>
{
    private static readonly RobotMessage Sample = new(
        "机关第一党支部整改提醒（2026年12月7日）",
        "**机关第一党支部整改提醒（2026年12月7日）**\n\n**已逾期 1 项**\n- [2 党建责任落实还不够严](http://localhost:5000/items/1) 逾期6天 · 王芳",
        "机关第一党支部整改提醒（2026年12月7日）\n\n【已逾期 1 项】\n- 2 党建责任落实还不够严 逾期6天 · 王芳\n  http://localhost:5000/items/1",
        [new RobotMention("王芳", "13800138000"), new RobotMention("李华", null)]);

    private static string Address(RobotPlatform platform, RobotTestServer server) => platform switch
    {
        RobotPlatform.WeCom => RobotTestServer.WeComKey,
        RobotPlatform.DingTalk => RobotTestServer.DingTalkToken,
        RobotPlatform.Feishu => RobotTestServer.FeishuToken,
        _ => server.WebhookUrl,
    };

    private static string? Secret(RobotPlatform platform) => platform switch
    {
        RobotPlatform.DingTalk => RobotTestServer.DingTalkSecret,
        RobotPlatform.Feishu => RobotTestServer.FeishuSecret,
        RobotPlatform.Webhook => RobotTestServer.WebhookSecret,
        _ => null,
    };

    private async Task<(OutboxMessage Message, JsonObject Seen)> SendAsync(RobotPlatform platform, string address, string? secret, RobotMessage? message = null)
    {
        var organization = await fixture.OrganizationAsync("机关第一党支部");
        await fixture.SetRobotAsync(organization, platform, address, secret);
        var before = fixture.Server.Requests().Count;
        var id = await fixture.EnqueueAsync(organization, message ?? Sample);
        await fixture.DispatchAsync();
        var seen = fixture.Server.Requests().Skip(before).ShouldHaveSingleItem();
        return (await fixture.MessageAsync(id), seen);
    }

    [Theory]
    [InlineData(RobotPlatform.WeCom)]
    [InlineData(RobotPlatform.DingTalk)]
    [InlineData(RobotPlatform.Feishu)]
    [InlineData(RobotPlatform.Webhook)]
    public async Task Each_platform_accepts_the_signed_message_in_its_own_shape(RobotPlatform platform)
    {
        var (message, seen) = await SendAsync(platform, Address(platform, fixture.Server), Secret(platform));

        seen["status"]!.GetValue<int>().ShouldBe(200, seen.ToJsonString());
        message.State.ShouldBe(OutboxState.Sent);
        message.LastError.ShouldBeNull();
        var body = seen["body"]!;
        switch (platform)
        {
            case RobotPlatform.WeCom:
                // markdown cannot @ by mobile: with a mobile on record the message goes as text with mentioned_mobile_list.
                body["msgtype"]!.GetValue<string>().ShouldBe("text");
                body["text"]!["mentioned_mobile_list"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["13800138000"]);
                body["text"]!["content"]!.GetValue<string>().ShouldContain("http://localhost:5000/items/1");
                break;
            case RobotPlatform.DingTalk:
                seen["query"]!["sign"].ShouldNotBeNull();
                body["msgtype"]!.GetValue<string>().ShouldBe("markdown");
                body["markdown"]!["text"]!.GetValue<string>().ShouldContain("[2 党建责任落实还不够严](http://localhost:5000/items/1)");
                body["at"]!["atMobiles"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["13800138000"]);
                break;
            case RobotPlatform.Feishu:
                body["sign"].ShouldNotBeNull();
                body["msg_type"]!.GetValue<string>().ShouldBe("interactive");
                body["card"]!["elements"]![0]!["content"]!.GetValue<string>().ShouldContain("逾期6天");
                break;
            default:
                body["mentions"]!.AsArray().Count.ShouldBe(2);
                body["title"]!.GetValue<string>().ShouldBe(Sample.Title);
                break;
        }

        await RobotTestServer.SaveSampleAsync(seen, $"{platform}-shape");
    }

    [Theory]
    [InlineData(RobotPlatform.WeCom, "wrong-key-0000", null, "errcode 93000")]
    [InlineData(RobotPlatform.DingTalk, RobotTestServer.DingTalkToken, "SECnot-the-secret", "errcode 310000")]
    [InlineData(RobotPlatform.Feishu, RobotTestServer.FeishuToken, "not-the-secret", "code 19021")]
    [InlineData(RobotPlatform.Webhook, null, "not-the-secret", "HTTP 401")]
    public async Task A_bad_key_or_signature_fails_at_once_with_the_platforms_code(RobotPlatform platform, string? address, string? secret, string code)
    {
        var (message, _) = await SendAsync(platform, address ?? fixture.Server.WebhookUrl, secret);

        message.State.ShouldBe(OutboxState.Failed);
        message.Attempts.ShouldBe(1);
        message.LastError.ShouldNotBeNull().ShouldContain(code);
        message.LastError.ShouldContain("not retried");
    }

    [Theory]
    [InlineData(RobotPlatform.WeCom, "errcode 45009", 1)]
    [InlineData(RobotPlatform.DingTalk, "errcode 130101", 10)]
    [InlineData(RobotPlatform.Feishu, "code 11232", 1)]
    [InlineData(RobotPlatform.Webhook, "HTTP 429", 2)]
    public async Task A_rate_limit_answer_is_retried_after_the_platforms_window(RobotPlatform platform, string code, int minutes)
    {
        var address = platform == RobotPlatform.Webhook ? fixture.Server.BaseUrl + "/webhook/ratelimited" : "ratelimited";
        var before = DateTimeOffset.UtcNow;

        var (message, _) = await SendAsync(platform, address, Secret(platform));

        message.State.ShouldBe(OutboxState.Pending);
        message.Attempts.ShouldBe(1);
        message.LastError.ShouldNotBeNull().ShouldContain(code);
        message.NextAttemptAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(before.AddMinutes(minutes));
    }

    [Fact]
    public async Task No_robot_gets_more_than_twenty_messages_a_minute()
    {
        var organization = await fixture.OrganizationAsync("离退休干部党支部");
        await fixture.SetRobotAsync(organization, RobotPlatform.WeCom, RobotTestServer.WeComKey, null);
        var ids = new List<long>();
        for (var i = 0; i < 21; i++)
        {
            ids.Add(await fixture.EnqueueAsync(organization, Sample with { Mentions = [] }));
        }

        var result = await fixture.DispatchAsync();

        result.Sent.ShouldBe(20);
        result.Throttled.ShouldBe(1);
        var last = await fixture.MessageAsync(ids[^1]);
        last.State.ShouldBe(OutboxState.Pending);
        last.Attempts.ShouldBe(0);
        last.NextAttemptAt.ShouldNotBeNull().ShouldBeGreaterThan(DateTimeOffset.UtcNow);
        (await fixture.DispatchAsync()).Sent.ShouldBe(0);
    }

    [Fact]
    public async Task Mobile_numbers_on_record_are_mentioned_by_the_morning_summary()
    {
        var welfare = await fixture.OrganizationAsync("福利院党支部");
        await using (var db = fixture.App.CreateDbContext())
        {
            await db.Users.Where(u => u.UserName == "secretary2").ExecuteUpdateAsync(s => s.SetProperty(u => u.PhoneNumber, "+86 139-0013-9000"));
        }

        await fixture.SetRobotAsync(welfare, RobotPlatform.DingTalk, RobotTestServer.DingTalkToken, RobotTestServer.DingTalkSecret);
        var before = fixture.Server.Requests().Count;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<RobotSummaryRun>().RunAsync(DateTimeOffset.UtcNow)).Enqueued.ShouldBe(1);
        }

        await fixture.DispatchAsync();

        var seen = fixture.Server.Requests().Skip(before).ShouldHaveSingleItem();
        seen["answer"]!["errcode"]!.GetValue<int>().ShouldBe(0);
        seen["body"]!["at"]!["atMobiles"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["13900139000"]);
        var text = seen["body"]!["markdown"]!["text"]!.GetValue<string>();
        text.ShouldContain("已逾期 1 项");
        text.ShouldContain("逾期6天");
        text.ShouldContain("@13900139000");
        await RobotTestServer.SaveSampleAsync(seen, "DingTalk-morning-summary-with-mention");
    }

    [Fact]
    public async Task An_issued_bulletin_is_posted_as_a_short_notice_with_its_link_once()
    {
        var office = await fixture.OrganizationAsync("机关第一党支部");
        await fixture.SetRobotAsync(office, RobotPlatform.Feishu, RobotTestServer.FeishuToken, RobotTestServer.FeishuSecret);
        await using (var db = fixture.App.CreateDbContext())
        {
            await db.Set<GroupRobot>().ExecuteUpdateAsync(s => s.SetProperty(r => r.PostBulletins, true));
        }

        var before = fixture.Server.Requests().Count;
        var clock = fixture.App.Services.GetRequiredService<Rectify.Web.Ledger.LedgerClock>();
        var period = Rectify.Domain.Bulletins.BulletinPeriod.LastCompleted(Rectify.Domain.Bulletins.BulletinCadence.Quarterly, clock.Today);
        Rectify.Web.Bulletins.IssueResult first, again;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<Rectify.Web.Bulletins.BulletinService>().IssueAsync(period, "test");
            again = await scope.ServiceProvider.GetRequiredService<Rectify.Web.Bulletins.BulletinService>().IssueAsync(period, "test");
        }

        await fixture.DispatchAsync();
        await fixture.DispatchAsync();

        again.Issued.ShouldBeFalse();
        var seen = fixture.Server.Requests().Skip(before).ShouldHaveSingleItem();
        seen["answer"]!["code"]!.GetValue<int>().ShouldBe(0);
        seen["body"]!["card"]!["header"]!["title"]!["content"]!.GetValue<string>().ShouldBe($"【督查通报】{first.Bulletin.Title}（{first.Bulletin.Number}）已印发");
        var content = seen["body"]!["card"]!["elements"]![0]!["content"]!.GetValue<string>();
        content.ShouldContain("截至");
        content.ShouldContain($"[下载通报全文（Word）](http://localhost:5000/bulletins/{first.Bulletin.Id}.docx)");
    }
}
