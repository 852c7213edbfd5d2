using System.Net.Mail;
using System.Text;
using Rectify.Tests.Support;
using Rectify.Web.Mail;

namespace Rectify.Tests.Mail;

/// <summary>
/// The two transports against real things: aiosmtpd over SMTP (plain, and STARTTLS + AUTH; smtp_server.py counts the sessions
/// so a test can see how many connections were opened), and .eml files on disk.
/// </summary>
public class TransportTests
{
    private static OutgoingMail Mail(string id = "<rectify.test-1@example.org>") =>
        new("zhang@example.org", "张三", MailTestKit.ChineseSubject, MailTestKit.ChineseText, MailTestKit.ChineseHtml, id);

    [Fact]
    public async Task Chinese_subject_and_bodies_arrive_intact_over_smtp()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));

        await app.Get<IMailTransport>().SendAsync(Mail());

        var mail = (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem();
        mail.Subject.ShouldBe(MailTestKit.ChineseSubject);
        mail.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal).ShouldBe(MailTestKit.ChineseText);
        mail.HtmlBody.ShouldBe(MailTestKit.ChineseHtml);
        mail.From.ShouldBe("整改台账 <rectify@example.org>");
        mail.To.ShouldBe("张三 <zhang@example.org>");
        mail.MessageId.ShouldBe("<rectify.test-1@example.org>");
    }

    [Fact]
    public async Task Pickup_folder_gets_a_readable_eml_when_no_host_is_configured()
    {
        using var folder = new TempFolder();
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System);
        var transport = app.Get<IMailTransport>().ShouldBeOfType<PickupFolderMailTransport>();
        transport.Folder.ShouldBe(Path.Combine(folder.Path, "mail-pickup"));

        await transport.SendAsync(Mail());

        var file = Directory.GetFiles(transport.Folder, "*.eml").ShouldHaveSingleItem();
        var mail = ReceivedMail.Load(file);
        mail.Subject.ShouldBe(MailTestKit.ChineseSubject);
        mail.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal).ShouldBe(MailTestKit.ChineseText);
        mail.HtmlBody.ShouldBe(MailTestKit.ChineseHtml);
        mail.From.ShouldBe("整改台账 <rectify@example.org>");
        mail.MessageId.ShouldBe("<rectify.test-1@example.org>");
    }

    [Fact]
    public async Task Starttls_and_auth_deliver_to_a_server_that_requires_both()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartSecureAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server, secure: true));
        app.Get<IMailTransport>().Description.ShouldContain("STARTTLS");

        await app.Get<IMailTransport>().SendAsync(Mail());

        var mail = (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem();
        mail.Subject.ShouldBe(MailTestKit.ChineseSubject);
        mail.HtmlBody.ShouldBe(MailTestKit.ChineseHtml);
    }

    [Fact]
    public async Task A_self_signed_certificate_that_was_not_pinned_is_refused()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartSecureAsync(folder.Path);
        var settings = MailTestKit.Smtp(server, secure: true);
        settings["Mail:TrustedServerCertificateSha256"] = "";
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, settings);

        var error = await Should.ThrowAsync<Exception>(() => app.Get<IMailTransport>().SendAsync(Mail()));

        error.ToString().ShouldContain("certificate", Case.Insensitive);
        server.Messages().ShouldBeEmpty();
    }

    [Fact]
    public async Task Plain_connection_to_a_server_that_requires_starttls_is_refused()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartSecureAsync(folder.Path);
        var settings = MailTestKit.Smtp(server, secure: true);
        settings["Mail:EnableStartTls"] = "false";
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, settings);

        await Should.ThrowAsync<System.Net.Mail.SmtpException>(() => app.Get<IMailTransport>().SendAsync(Mail()));
        server.Messages().ShouldBeEmpty();
    }
    private static OutgoingMail Numbered(int i, string to = "zhang@example.org") =>
        new(to, "张三", $"【整改提醒】第{i}封", $"第{i}封正文", $"<p>第{i}封</p>", $"<rectify.batch-{i}@example.org>");

    private static async Task SendAllAsync(TestApp app, IEnumerable<OutgoingMail> mails)
    {
        await using var batch = app.Get<IMailTransport>().OpenBatch();
        foreach (var mail in mails)
        {
            await batch.SendAsync(mail, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_batch_sends_all_its_messages_over_one_connection()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));

        await SendAllAsync(app, Enumerable.Range(1, 30).Select(i => Numbered(i)));

        var received = await server.WaitForMessagesAsync(30);
        received.Select(m => m.MessageId).Order().ShouldBe(Enumerable.Range(1, 30).Select(i => $"<rectify.batch-{i}@example.org>").Order());
        received.Single(m => m.MessageId == "<rectify.batch-7@example.org>").TextBody.ShouldBe("第7封正文");
        server.Sessions.ShouldBe(1);
    }

    [Fact]
    public async Task Starttls_and_auth_happen_once_per_batch_not_per_message()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartSecureAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server, secure: true));

        await SendAllAsync(app, Enumerable.Range(1, 5).Select(i => Numbered(i)));

        (await server.WaitForMessagesAsync(5)).Count.ShouldBe(5);
        server.Sessions.ShouldBe(1);
    }

    [Fact]
    public async Task Chinese_text_goes_as_8bit_utf8_when_the_server_offers_8bitmime_and_a_long_subject_is_split_into_valid_encoded_words()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));
        var subject = string.Concat(Enumerable.Repeat("【逾期提醒】党员发展程序不规范😀", 4)); // 4-byte characters too
        var text = "张书记：\n\n请于本周内完成整改。\r\n整改台账";

        await app.Get<IMailTransport>().SendAsync(new("zhang@example.org", "张三", subject, text, "", "<rectify.8bit@example.org>"));

        var file = Directory.GetFiles(Path.Combine(server.Maildir, "new")).ShouldHaveSingleItem();
        var raw = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
        raw.ShouldContain("Content-Transfer-Encoding: 8bit");
        raw.ShouldContain(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("请于本周内完成整改。")), Case.Sensitive, "the body's UTF-8 bytes as they are");
        var words = System.Text.RegularExpressions.Regex.Matches(raw, @"=\?utf-8\?B\?[^?]*\?=").Select(m => m.Value).ToList();
        words.Count.ShouldBeGreaterThan(4);
        words.ShouldAllBe(w => w.Length <= 75);
        var mail = ReceivedMail.Load(file);
        mail.Subject.ShouldBe(subject);
        // Line breaks arrive as CRLF (ReceivedMail shows them as LF); SMTP ends the last line with one.
        mail.TextBody.ShouldBe("张书记：\n\n请于本周内完成整改。\n整改台账\n");
        mail.HtmlBody.ShouldBeNull();
    }

    [Fact]
    public async Task Lines_starting_with_a_dot_survive_the_smtp_data_framing()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));
        const string text = ".开头的一行\n.\n..\n中间\n.\r\n最后一行是点\n.";

        await app.Get<IMailTransport>().SendAsync(new("zhang@example.org", "张三", "点", text, "<p>.</p>\n.\n<p>..</p>", "<rectify.dots@example.org>"));

        var mail = (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem();
        mail.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal).ShouldBe(".开头的一行\n.\n..\n中间\n.\n最后一行是点\n.");
        mail.HtmlBody!.Replace("\r\n", "\n", StringComparison.Ordinal).ShouldBe("<p>.</p>\n.\n<p>..</p>");
    }

    [Theory]
    [InlineData("close")] // the server closes the idle connection after every 2nd message (an idle timeout, a restart)
    [InlineData("421")] // the server answers the 3rd MAIL FROM with "421 … closing" (a limit on messages per connection)
    public async Task A_connection_the_server_closed_between_messages_is_replaced_and_nothing_is_lost(string mode)
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, limitPerConnection: 2, limitMode: mode);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));

        await SendAllAsync(app, Enumerable.Range(1, 5).Select(i => Numbered(i)));

        var received = await server.WaitForMessagesAsync(5);
        await Task.Delay(200);
        server.Messages().Select(m => m.MessageId).Order().ShouldBe(Enumerable.Range(1, 5).Select(i => $"<rectify.batch-{i}@example.org>").Order());
        received.Count.ShouldBe(5);
        server.Sessions.ShouldBe(3);
    }

    [Fact]
    public async Task A_refused_recipient_fails_that_message_only_and_the_connection_carries_on()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, refuseRecipient: "nobody");
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));
        await using var batch = app.Get<IMailTransport>().OpenBatch();

        await batch.SendAsync(Numbered(1), CancellationToken.None);
        var refused = await Should.ThrowAsync<SmtpFailedRecipientException>(() => batch.SendAsync(Numbered(2, "nobody@example.org"), CancellationToken.None));
        await batch.SendAsync(Numbered(3), CancellationToken.None);

        refused.FailedRecipient.ShouldBe("nobody@example.org");
        refused.Message.ShouldContain("550 5.1.1");
        (await server.WaitForMessagesAsync(2)).Select(m => m.MessageId).Order().ShouldBe(["<rectify.batch-1@example.org>", "<rectify.batch-3@example.org>"]);
        server.Sessions.ShouldBe(1);
    }

    [Fact]
    public async Task An_address_that_cannot_be_sent_is_a_format_error_before_anything_goes_out()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));

        await Should.ThrowAsync<FormatException>(() => app.Get<IMailTransport>().SendAsync(Numbered(1, "not an address")));
        await Should.ThrowAsync<FormatException>(() => app.Get<IMailTransport>().SendAsync(Numbered(2, "张三@example.org")));

        server.Sessions.ShouldBe(0);
    }
}
