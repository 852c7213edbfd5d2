using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Rectify.Tests.Support;
using Rectify.Web.Hosting;
using Rectify.Web.Jobs;
using Rectify.Web.Localization;
using Rectify.Web.Mail;

namespace Rectify.Tests.Mail;

/// <summary>
/// Mails in the recipient's language: the language a user chose in the UI is stored with the account, and every mail to
/// them — composed from the templates in Mail/Templates — is written in it, as plain text with an HTML alternative.
/// </summary>
public sealed partial class MailLanguageTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task Choosing_English_while_signed_in_stores_it_with_the_account()
    {
        using var app = RectifyFactory.On(DatabaseProvider.Sqlite);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookies = await HttpSignIn.CookiesAsync(client, "secretary2");
        (await CultureOfAsync(app, "secretary2")).ShouldBeNull();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/culture?name=en-US&returnUrl=/");
        request.Headers.Add("Cookie", cookies);
        (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await CultureOfAsync(app, "secretary2")).ShouldBe("en-US");
        (await CultureOfAsync(app, "leader")).ShouldBeNull("only the signed-in user's choice is stored");
    }

    [Fact]
    public async Task An_English_administrator_gets_the_audit_anchor_over_SMTP_in_English_with_an_HTML_alternative()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        using var app = RectifyFactory.On(DatabaseProvider.Sqlite);
        foreach (var (key, value) in MailTestKit.Smtp(server))
        {
            app.With(key, value);
        }

        await SetCultureAsync(app, "admin", "en-US");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AuditAnchorRun>().RunAsync(DateTimeOffset.UtcNow)).Mailed.ShouldBe(1);
        }

        (await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync()).Sent.ShouldBe(1);
        var mail = (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem();

        mail.Subject.ShouldNotBeNull().ShouldMatch(@"^\[Audit anchor\] entry \d+, \d+ entries$");
        var alternative = mail.Body.ShouldBeOfType<MultipartAlternative>();
        alternative.OfType<TextPart>().Select(p => p.ContentType.MimeType).ShouldBe(["text/plain", "text/html"]);
        mail.TextBody.ShouldStartWith("Dear 王芳,\n\nAs of ");
        mail.TextBody.ShouldContain("verify-audit --anchor ");
        mail.TextBody.ShouldEndWith("Rectify (sent automatically; please do not reply to this mail)\n");
        mail.HtmlBody.ShouldStartWith("<p>Dear 王芳,</p>");
        mail.HtmlBody.ShouldContain("<p>As of ");
        Chinese().Matches(mail.TextBody.Replace("王芳", "", StringComparison.Ordinal)).ShouldBeEmpty("no Chinese in an English mail but the name");
    }

    [Fact]
    public async Task The_daily_digest_is_English_for_an_English_owner_and_Chinese_for_everyone_else()
    {
        using var app = RectifyFactory.On(DatabaseProvider.Sqlite);
        await SetCultureAsync(app, "secretary2", "en-US");
        var now = await DayOverdueAsync(app, 3);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(now);
        }

        await using var db = app.CreateDbContext();
        var ids = await db.Users.Where(u => u.UserName == "secretary2" || u.UserName == "leader").ToDictionaryAsync(u => u.UserName!, u => u.Id);
        var messages = await db.Set<OutboxMessage>().AsNoTracking().ToListAsync();
        var english = messages.Single(m => m.RecipientUserId == ids["secretary2"]);
        english.Subject.ShouldBe("[Overdue] 1 of your rectification items are overdue");
        english.TextBody.ShouldContain("Overdue (1)");
        english.TextBody.ShouldContain("3 days overdue");
        english.TextBody.ShouldContain("党建责任落实还不够严", Case.Sensitive, "the item's own text stays as written");
        english.TextBody.ShouldNotContain("已逾期");
        english.HtmlBody.ShouldContain("<h3>Overdue (1)</h3>");
        english.IdempotencyKey.ShouldBe($"Digest:{ids["secretary2"]}:{DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Shanghai).DateTime):yyyy-MM-dd}");
        var chinese = messages.Single(m => m.RecipientUserId == ids["leader"]);
        chinese.Subject.ShouldStartWith("【逾期督办】");
        chinese.TextBody.ShouldEndWith("整改台账系统（本邮件由系统自动发送，请勿直接回复）\n");
    }

    [Fact]
    public void Every_mail_template_has_its_texts_in_Chinese_and_English()
    {
        var catalog = new TextCatalog();
        var templates = typeof(MailComposer).Assembly.GetTypes()
            .Where(t => t.Namespace == "Rectify.Web.Mail.Templates" && t.IsSubclassOf(typeof(Rectify.Web.Mail.Templates.MailTemplate)) && !t.IsAbstract)
            .Select(t => t.Name).ToList();
        templates.ShouldBe(["AuditAnchorMail", "BulletinMail", "DigestMail", "ItemClosedMail", "LeaderSummaryMail"], ignoreOrder: true);

        var root = Path.Combine(RepositoryFolder.Root, "Rectify.Web", "Mail", "Templates");
        foreach (var file in Directory.EnumerateFiles(root, "*.razor"))
        {
            var keys = TextKey().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
            foreach (var key in keys.Where(k => !k.Contains('{', StringComparison.Ordinal)))
            {
                catalog.Table("zh").ContainsKey(key).ShouldBeTrue($"{Path.GetFileName(file)}: {key} has no Chinese text");
                catalog.Table("en").ContainsKey(key).ShouldBeTrue($"{Path.GetFileName(file)}: {key} has no English text");
            }
        }

        // The keys the templates build from enums: every section, line reason and column.
        foreach (var prefix in new[] { "Mail.Digest.Section.", "Mail.Subject.", "Mail.Subject.Part." })
        {
            foreach (var section in Enum.GetNames<Rectify.Domain.Reminders.DigestSection>())
            {
                catalog.Table("zh").ContainsKey(prefix + section).ShouldBeTrue(prefix + section);
                catalog.Table("en").ContainsKey(prefix + section).ShouldBeTrue(prefix + section);
            }
        }

        foreach (var reason in Enum.GetNames<Rectify.Domain.Reminders.ReminderReason>())
        {
            catalog.Table("zh").ContainsKey("Mail.Line." + reason).ShouldBeTrue("Mail.Line." + reason);
            catalog.Table("en").ContainsKey("Mail.Line." + reason).ShouldBeTrue("Mail.Line." + reason);
        }
    }

    private static async Task SetCultureAsync(RectifyFactory app, string userName, string culture)
    {
        await using var db = app.CreateDbContext();
        await db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, culture));
    }

    private static async Task<string?> CultureOfAsync(RectifyFactory app, string userName)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Culture).SingleAsync();
    }

    /// <summary>08:30 Beijing time on the day the demo's overdue item (owner secretary2) is <paramref name="daysOverdue"/> days late.</summary>
    private static async Task<DateTimeOffset> DayOverdueAsync(RectifyFactory app, int daysOverdue)
    {
        await using var db = app.CreateDbContext();
        var late = await db.Items.AsNoTracking().SingleAsync(i => i.Description.StartsWith("党建责任落实还不够严"));
        var local = late.Deadline!.Value.AddDays(daysOverdue).ToDateTime(new TimeOnly(8, 30));
        return new DateTimeOffset(local, Shanghai.GetUtcOffset(local));
    }

    [GeneratedRegex("""T\[\$?"([A-Za-z.{}]+)""")]
    private static partial Regex TextKey();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
