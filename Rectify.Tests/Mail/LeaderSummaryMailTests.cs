using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rectify.Domain.Reminders;
using Rectify.Web.Jobs;
using Rectify.Web.Localization;
using Rectify.Web.Mail;
using static Rectify.Tests.Domain.Reminders.Kit;

namespace Rectify.Tests.Mail;

/// <summary>The 整改通报 mail, rendered by the app's composer from its templates and texts.</summary>
public sealed class LeaderSummaryMailTests
{
    [Theory]
    [InlineData(null, "组织9", "机关第一党支部")]
    [InlineData("en-US", "Organisation 9", "机关第一党支部")]
    public async Task An_organisation_the_summary_has_no_name_for_is_shown_by_its_id_in_the_readers_language(string? culture, string unknown, string known)
    {
        // The domain names no organisation itself (decision 0053): a missing name is null, and the text comes from Localization.
        var summary = LeaderSummaryBuilder.Build(
            [Item("2026-1", Today.AddDays(-3), organization: 1), Item("2026-2", Today.AddDays(-2), organization: 9)],
            Today,
            new Dictionary<int, string> { [1] = "机关第一党支部" });
        await using var services = new ServiceCollection().BuildServiceProvider();
        var composer = new MailComposer(services.GetRequiredService<IServiceScopeFactory>(), NullLoggerFactory.Instance, new TextCatalog(), Options.Create(new PublicUrlOptions()));

        var mail = await composer.LeaderSummaryAsync(new MailRecipient("李建国", culture), summary);

        var rows = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(mail.Html).QuerySelectorAll("table tr td:first-child").Select(td => td.TextContent).ToList();
        rows.ShouldBe([known, unknown], ignoreOrder: true);
        mail.Text.ShouldContain(unknown);
        mail.Html.ShouldNotContain("Mail.Summary");
    }
}
