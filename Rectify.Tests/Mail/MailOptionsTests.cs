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
    public void Port_465_is_refused_because_smtp_client_has_no_implicit_tls()
    {
        var error = Errors(new MailOptions { Host = "mail.example.org", Port = 465 }).ShouldHaveSingleItem();
        error.ShouldContain("465");
        error.ShouldContain("STARTTLS");
        error.ShouldContain("587");
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

    [Fact]
    public async Task The_app_does_not_start_with_a_bad_mail_setting()
    {
        using var folder = new TempFolder();
        var error = await Should.ThrowAsync<OptionsValidationException>(() => TestApp.StartAsync(folder.Path, TimeProvider.System,
            new Dictionary<string, string?> { ["Mail:Host"] = "mail.example.org", ["Mail:Port"] = "465" }));
        error.Message.ShouldContain("implicit TLS");
    }

    [Fact]
    public void Retry_delays_double_from_one_minute_and_stop_at_an_hour()
    {
        Enumerable.Range(1, 9).Select(a => OutboxMessage.RetryDelay(a).TotalMinutes).ShouldBe([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
