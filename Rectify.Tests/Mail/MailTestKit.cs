using Rectify.Web.Mail;

namespace Rectify.Tests.Mail;

internal static class MailTestKit
{
    public const string ChineseSubject = "【逾期提醒】您有2项整改事项已逾期，另有1项今天到期";
    public const string ChineseText = "张书记：\n\n您负责的“党员发展程序不规范”整改事项已逾期5天，请尽快处理。\n\n整改台账";
    public const string ChineseHtml = "<p>张书记：</p><p>您负责的<b>“党员发展程序不规范”</b>整改事项已逾期5天，请尽快处理。</p>";

    public static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 30, 0, TimeSpan.Zero); // 08:30 in Beijing

    public static OutboxMessage Message(string key, DateTimeOffset createdAt, string to = "zhang@example.org") =>
        OutboxMessage.Create(key, "OwnerDeadlines", "user-1", to, "张三", ChineseSubject, ChineseText, ChineseHtml, createdAt);

    /// <summary>
    /// Settings for sending to <paramref name="server"/> the way it expects: Mail:Security as the server speaks it, and for a TLS
    /// server the test account (or <paramref name="password"/>) and the pinned fingerprint of its self-signed certificate.
    /// </summary>
    public static Dictionary<string, string?> Smtp(SmtpTestServer server, string? password = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Security"] = server.Security.ToString(),
        };
        if (server.Security != MailSecurity.None)
        {
            settings["Mail:UserName"] = SmtpTestServer.User;
            settings["Mail:Password"] = password ?? SmtpTestServer.Password;
            settings["Mail:TrustedServerCertificateSha256"] = server.CertificateSha256;
        }

        return settings;
    }

    /// <summary>The Message-ID as the outbox stores it (MimeKit gives it without the angle brackets).</summary>
    public static string Id(this MimeKit.MimeMessage message) => $"<{message.MessageId}>";
}
