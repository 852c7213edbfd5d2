using System.Text;
using MimeKit;
using Rectify.Tests.Support;
using Rectify.Web.Mail;

namespace Rectify.Tests.Mail;

/// <summary>
/// The two transports against real things: aiosmtpd over SMTP (plain; STARTTLS + AUTH; implicit TLS + AUTH as on port 465;
/// smtp_server.py counts the sessions so a test can see how many connections were opened), and .eml files on disk. What
/// arrives is read back with MimeKit's parser.
/// </summary>
public class TransportTests
{
    private static OutgoingMail Mail(string id = "<rectify.test-1@example.org>") =>
        new("zhang@example.org", "张三", MailTestKit.ChineseSubject, MailTestKit.ChineseText, MailTestKit.ChineseHtml, id);

    private static OutgoingMail Numbered(int i, string to = "zhang@example.org") =>
        new(to, "张三", $"【整改提醒】第{i}封", $"第{i}封正文", $"<p>第{i}封</p>", $"<rectify.batch-{i}@example.org>");

    private static string Lf(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    private static void ShouldBeTheChineseMail(MimeMessage mail)
    {
        mail.Subject.ShouldBe(MailTestKit.ChineseSubject);
        Lf(mail.TextBody).TrimEnd('\n').ShouldBe(MailTestKit.ChineseText);
        Lf(mail.HtmlBody).TrimEnd('\n').ShouldBe(MailTestKit.ChineseHtml);
        var from = mail.From.Mailboxes.ShouldHaveSingleItem();
        from.Name.ShouldBe("整改台账");
        from.Address.ShouldBe("rectify@example.org");
        var to = mail.To.Mailboxes.ShouldHaveSingleItem();
        to.Name.ShouldBe("张三");
        to.Address.ShouldBe("zhang@example.org");
        mail.Id().ShouldBe("<rectify.test-1@example.org>");
    }

    private static async Task SendAllAsync(TestApp app, IEnumerable<OutgoingMail> mails)
    {
        await using var batch = app.Get<IMailTransport>().OpenBatch();
        foreach (var mail in mails)
        {
            await batch.SendAsync(mail, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Chinese_subject_and_bodies_arrive_intact_over_smtp()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));

        await app.Get<IMailTransport>().SendAsync(Mail());

        ShouldBeTheChineseMail((await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem());
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
        var raw = await File.ReadAllTextAsync(file, Encoding.Latin1);
        raw.ShouldStartWith("X-Sender: rectify@example.org\r\nX-Receiver: zhang@example.org\r\n");
        raw.ShouldAllBe(c => c < 128, "7bit for a relay: no 8bit bytes anywhere");
        ShouldBeTheChineseMail(MimeMessage.Load(file));
    }

    [Theory]
    [InlineData(MailSecurity.StartTls)] // port 587/25: STARTTLS required by the server, then AUTH
    [InlineData(MailSecurity.SslOnConnect)] // port 465: TLS from the first byte (Tencent Exmail, Alibaba Mail, NetEase, Coremail)
    public async Task Tls_and_auth_deliver_to_a_server_that_requires_both_with_its_self_signed_certificate_pinned(MailSecurity security)
    {
        using var folder = new TempFolder();
        using var server = security == MailSecurity.SslOnConnect
            ? await SmtpTestServer.StartImplicitTlsAsync(folder.Path)
            : await SmtpTestServer.StartSecureAsync(folder.Path);
        var settings = MailTestKit.Smtp(server);
        settings["Mail:Security"].ShouldBe(security.ToString());
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, settings);
        app.Get<IMailTransport>().Description.ShouldContain(security == MailSecurity.SslOnConnect ? "implicit TLS" : "STARTTLS");

        await SendAllAsync(app, [Mail(), .. Enumerable.Range(1, 4).Select(i => Numbered(i))]);

        var received = await server.WaitForMessagesAsync(5);
        ShouldBeTheChineseMail(received[0]);
        received.Count.ShouldBe(5);
        server.Sessions.ShouldBe(1, "TLS and AUTH once per batch, not per message");
    }

    [Fact]
    public async Task A_self_signed_certificate_that_was_not_pinned_is_refused()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartSecureAsync(folder.Path);
        var settings = MailTestKit.Smtp(server);
        settings["Mail:TrustedServerCertificateSha256"] = "";
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, settings);

        var error = await Should.ThrowAsync<MailDeliveryException>(() => app.Get<IMailTransport>().SendAsync(Mail()));

        error.Failure.ShouldBe(MailFailure.ServerUnavailable);
        error.Message.ShouldContain("certificate", Case.Insensitive);
        server.Messages().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_wrong_pin_is_refused_on_implicit_tls_before_the_password_is_sent()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartImplicitTlsAsync(folder.Path);
        var settings = MailTestKit.Smtp(server);
        settings["Mail:TrustedServerCertificateSha256"] = new string('A', 64); // a valid fingerprint, of another certificate
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, settings);

        var error = await Should.ThrowAsync<MailDeliveryException>(() => app.Get<IMailTransport>().SendAsync(Mail()));

        error.Failure.ShouldBe(MailFailure.ServerUnavailable);
        error.Message.ShouldContain("TLS with the SMTP server");
        error.Message.ShouldContain("certificate", Case.Insensitive);
        server.Sessions.ShouldBe(0, "the handshake failed before EHLO, so no login was tried");
        server.Messages().ShouldBeEmpty();
    }

    [Fact]
    public async Task Plain_connection_to_a_server_that_requires_starttls_is_refused()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartSecureAsync(folder.Path);
        var settings = MailTestKit.Smtp(server);
        settings["Mail:Security"] = "None";
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, settings);

        var error = await Should.ThrowAsync<MailDeliveryException>(() => app.Get<IMailTransport>().SendAsync(Mail()));

        error.Failure.ShouldBe(MailFailure.ServerUnavailable);
        error.Message.ShouldContain("offers no AUTH PLAIN or LOGIN on an unencrypted connection");
        server.Messages().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_server_that_is_down_is_told_apart_from_a_lost_connection()
    {
        using var folder = new TempFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1", ["Mail:Port"] = SmtpTestServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), ["Mail:Security"] = "None",
        };
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, settings);

        var error = await Should.ThrowAsync<MailDeliveryException>(() => app.Get<IMailTransport>().SendAsync(Mail()));

        error.Failure.ShouldBe(MailFailure.ServerUnavailable);
        error.Message.ShouldContain("Could not connect to the SMTP server 127.0.0.1:");
    }

    [Fact]
    public async Task A_batch_sends_all_its_messages_over_one_connection()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));

        await SendAllAsync(app, Enumerable.Range(1, 30).Select(i => Numbered(i)));

        var received = await server.WaitForMessagesAsync(30);
        received.Select(m => m.Id()).Order().ShouldBe(Enumerable.Range(1, 30).Select(i => $"<rectify.batch-{i}@example.org>").Order());
        Lf(received.Single(m => m.Id() == "<rectify.batch-7@example.org>").TextBody).TrimEnd('\n').ShouldBe("第7封正文");
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
        raw.ShouldContain("Content-Transfer-Encoding: 8bit", Case.Insensitive);
        raw.ShouldContain(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("请于本周内完成整改。")), Case.Sensitive, "the body's UTF-8 bytes as they are");
        var words = System.Text.RegularExpressions.Regex.Matches(raw, @"=\?utf-8\?[bq]\?[^?]*\?=", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .Select(m => m.Value).ToList();
        words.Count.ShouldBeGreaterThan(4);
        words.ShouldAllBe(w => w.Length <= 75);
        var mail = MimeMessage.Load(file);
        mail.Subject.ShouldBe(subject);
        // Line breaks arrive as CRLF; SMTP ends the last line with one.
        Lf(mail.TextBody).ShouldBe("张书记：\n\n请于本周内完成整改。\n整改台账\n");
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
        Lf(mail.TextBody).TrimEnd('\n').ShouldBe(".开头的一行\n.\n..\n中间\n.\n最后一行是点\n.");
        Lf(mail.HtmlBody).TrimEnd('\n').ShouldBe("<p>.</p>\n.\n<p>..</p>");
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
        await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastSmtpDelivery, () => server.Messages().Count, 5, "each message once");
        server.Messages().Select(m => m.Id()).Order().ShouldBe(Enumerable.Range(1, 5).Select(i => $"<rectify.batch-{i}@example.org>").Order());
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
        var refused = await Should.ThrowAsync<MailDeliveryException>(() => batch.SendAsync(Numbered(2, "nobody@example.org"), CancellationToken.None));
        await batch.SendAsync(Numbered(3), CancellationToken.None);

        refused.Failure.ShouldBe(MailFailure.RecipientRefused);
        refused.Recipient.ShouldBe("nobody@example.org");
        refused.Message.ShouldContain("refused the recipient <nobody@example.org>: 550 5.1.1");
        (await server.WaitForMessagesAsync(2)).Select(m => m.Id()).Order().ShouldBe(["<rectify.batch-1@example.org>", "<rectify.batch-3@example.org>"]);
        server.Sessions.ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_message_fails_that_message_only_and_the_connection_carries_on()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, refuseMessage: "spam");
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));
        await using var batch = app.Get<IMailTransport>().OpenBatch();

        await batch.SendAsync(Numbered(1), CancellationToken.None);
        var refused = await Should.ThrowAsync<MailDeliveryException>(() => batch.SendAsync(Numbered(2, "spam@example.org"), CancellationToken.None));
        await batch.SendAsync(Numbered(3), CancellationToken.None);

        refused.Failure.ShouldBe(MailFailure.MessageRefused);
        refused.Message.ShouldContain("did not accept the message: 554 5.7.1 Message rejected");
        (await server.WaitForMessagesAsync(2)).Select(m => m.Id()).Order().ShouldBe(["<rectify.batch-1@example.org>", "<rectify.batch-3@example.org>"]);
        server.Sessions.ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_sender_is_told_apart_from_a_refused_message()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, refuseSender: "rectify@");
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));

        var refused = await Should.ThrowAsync<MailDeliveryException>(() => app.Get<IMailTransport>().SendAsync(Numbered(1)));

        refused.Failure.ShouldBe(MailFailure.SenderRefused);
        refused.Message.ShouldContain("refused the sender <rectify@example.org>: 553 5.7.1");
        server.Messages().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_connection_lost_at_the_end_of_data_is_a_lost_connection_and_the_next_message_goes_through_a_new_one()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, dropMessage: "drop");
        await using var app = await TestApp.StartAsync(folder.Path, TimeProvider.System, MailTestKit.Smtp(server));
        await using var batch = app.Get<IMailTransport>().OpenBatch();

        await batch.SendAsync(Numbered(1), CancellationToken.None);
        var lost = await Should.ThrowAsync<MailDeliveryException>(() => batch.SendAsync(Numbered(2, "drop@example.org"), CancellationToken.None));
        await batch.SendAsync(Numbered(3), CancellationToken.None);

        lost.Failure.ShouldBe(MailFailure.ConnectionLost);
        lost.Message.ShouldContain("was lost while sending");
        (await server.WaitForMessagesAsync(2)).Select(m => m.Id()).Order().ShouldBe(["<rectify.batch-1@example.org>", "<rectify.batch-3@example.org>"]);
        server.Sessions.ShouldBe(2, "not retried on its own: the server may have taken it");
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
