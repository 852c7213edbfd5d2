using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Rectify.Tests.Support;
using Rectify.Web.Jobs;
using Rectify.Web.Mail;

namespace Rectify.Tests.Mail;

/// <summary>Bad mail and job settings stop the app at start with a message that names the key and the fix.</summary>
public class MailOptionsTests
{
    private static List<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    [Fact]
    public void Defaults_are_valid_and_mean_the_pickup_folder()
    {
        var options = new MailOptions();
        Errors(options).ShouldBeEmpty();
        options.UsesSmtp.ShouldBeFalse();
        options.FromName.ShouldBe("整改台账");
        Errors(new JobsOptions()).ShouldBeEmpty();
    }

    [Fact]
    public void Port_465_means_implicit_tls_and_a_plain_start_on_it_is_refused()
    {
        var implicitTls = new MailOptions { Host = "smtp.exmail.qq.com", Port = 465 };
        Errors(implicitTls).ShouldBeEmpty();
        implicitTls.EffectiveSecurity.ShouldBe(MailSecurity.SslOnConnect);
        new MailOptions { Host = "mail.example.org" }.EffectiveSecurity.ShouldBe(MailSecurity.StartTls, "port 587 by default");

        var error = Errors(new MailOptions { Host = "smtp.exmail.qq.com", Port = 465, Security = MailSecurity.StartTls }).ShouldHaveSingleItem();
        error.ShouldContain("Mail:Port 465");
        error.ShouldContain("Mail:Security to SslOnConnect");
    }

    [Fact]
    public void The_old_EnableStartTls_key_is_still_read_but_not_together_with_Security()
    {
        new MailOptions { Host = "mail.example.org", EnableStartTls = false }.EffectiveSecurity.ShouldBe(MailSecurity.None);
        new MailOptions { Host = "mail.example.org", EnableStartTls = true }.EffectiveSecurity.ShouldBe(MailSecurity.StartTls);
        Errors(new MailOptions { Host = "mail.example.org", EnableStartTls = true }).ShouldBeEmpty();

        var error = Errors(new MailOptions { Host = "mail.example.org", EnableStartTls = true, Security = MailSecurity.StartTls }).ShouldHaveSingleItem();
        error.ShouldContain("Mail:EnableStartTls is replaced by Mail:Security");
        Errors(new MailOptions { Host = "smtp.qiye.163.com", Port = 465, EnableStartTls = true }).ShouldHaveSingleItem().ShouldContain("SslOnConnect");
    }

    [Fact]
    public void User_name_without_password_bad_sender_and_bad_fingerprint_are_each_named()
    {
        var errors = Errors(new MailOptions
        {
            Host = "mail.example.org", UserName = "rectify", Password = "", FromAddress = "not an address", TrustedServerCertificateSha256 = "abc",
        });

        errors.ShouldContain(e => e.Contains("Mail:UserName and Mail:Password", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Contains("Mail:FromAddress 'not an address'", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Contains("Mail:TrustedServerCertificateSha256", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cron_expression_that_quartz_cannot_read_is_named()
    {
        var error = Errors(new JobsOptions { Reminders = "30 8 * * *" }).ShouldHaveSingleItem();
        error.ShouldContain("Jobs:Reminders");
        error.ShouldContain("0 30 8 * * ?");
    }

    [Theory]
    [InlineData("465", "StartTls", "Mail:Security to SslOnConnect")]
    [InlineData("587", "TLS", "Mail:Security")]
    public async Task The_app_does_not_start_with_a_bad_mail_setting(string port, string security, string named)
    {
        using var folder = new TempFolder();
        var error = await Should.ThrowAsync<Exception>(() => TestApp.StartAsync(folder.Path, TimeProvider.System,
            new Dictionary<string, string?> { ["Mail:Host"] = "mail.example.org", ["Mail:Port"] = port, ["Mail:Security"] = security }));
        error.Message.ShouldContain(named);
    }

    [Fact]
    public void Retry_delays_double_from_one_minute_and_stop_at_an_hour()
    {
        Enumerable.Range(1, 9).Select(a => OutboxMessage.RetryDelay(a).TotalMinutes).ShouldBe([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
