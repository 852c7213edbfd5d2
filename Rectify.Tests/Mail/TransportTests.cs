using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Mail;

namespace Rectify.Tests.Mail;

/// <summary>The two transports against real things: aiosmtpd over SMTP (plain, and STARTTLS + AUTH), and .eml files on disk.</summary>
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
        var mail = ReceivedMail.Parse(await File.ReadAllTextAsync(file));
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
}
