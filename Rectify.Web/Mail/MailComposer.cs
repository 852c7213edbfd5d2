using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Rectify.Domain.Reminders;
using Rectify.Web.Bulletins;
using Rectify.Web.Jobs;
using Rectify.Web.Mail.Templates;

namespace Rectify.Web.Mail;

/// <summary>
/// Composes every mail the system sends, one method per kind, from the Razor templates in Mail/Templates, in the
/// recipient's language (<see cref="MailRecipient.Culture"/>): the template gets a localizer fixed to that language, writes
/// the subject into a leading <c>&lt;title&gt;</c> (<see cref="MailFrame"/>) and the body as HTML; the plain-text
/// alternative is read off that HTML (<see cref="MailPlainText"/>), so both parts always say the same.
/// </summary>
public sealed class MailComposer(IServiceScopeFactory scopes, ILoggerFactory loggers, TextCatalog texts, IOptions<PublicUrlOptions> urls)
{
    private const string TitleStart = "<title>";
    private const string TitleEnd = "</title>";

    public Task<ComposedMail> DigestAsync(MailRecipient recipient, PersonalDigest digest) =>
        ComposeAsync<DigestMail>(recipient, new()
        {
            [nameof(DigestMail.Digest)] = digest,
            [nameof(DigestMail.ItemUrl)] = (Func<Guid, string>)urls.Value.ItemUrl,
            [nameof(DigestMail.ListUrl)] = (Func<DigestSection, string>)(section =>
                urls.Value.ListUrl(new Ledger.ItemFilter { Reminder = section, ReminderAt = digest.RunAt })),
        });

    public Task<ComposedMail> ItemClosedAsync(MailRecipient recipient, Guid itemId, string number, string title, DateOnly closedOn) =>
        ComposeAsync<ItemClosedMail>(recipient, new()
        {
            [nameof(ItemClosedMail.Number)] = number,
            [nameof(ItemClosedMail.Title)] = title,
            [nameof(ItemClosedMail.ClosedOn)] = closedOn,
            [nameof(ItemClosedMail.Url)] = urls.Value.ItemUrl(itemId),
        });

    public Task<ComposedMail> LeaderSummaryAsync(MailRecipient recipient, LeaderSummary summary) =>
        ComposeAsync<LeaderSummaryMail>(recipient, new()
        {
            [nameof(LeaderSummaryMail.Summary)] = summary,
            [nameof(LeaderSummaryMail.ItemUrl)] = (Func<Guid, string>)urls.Value.ItemUrl,
        });

    public Task<ComposedMail> BulletinAsync(MailRecipient recipient, Bulletin bulletin, BulletinFigures figures)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        return ComposeAsync<BulletinMail>(recipient, new()
        {
            [nameof(BulletinMail.BulletinTitle)] = bulletin.Title,
            [nameof(BulletinMail.BulletinNumber)] = bulletin.Number,
            [nameof(BulletinMail.Figures)] = figures,
            [nameof(BulletinMail.Url)] = $"{urls.Value.PublicBaseUrl.TrimEnd('/')}/bulletins/{bulletin.Id}.docx",
        });
    }

    public Task<ComposedMail> AuditAnchorAsync(MailRecipient recipient, AuditAnchor anchor) =>
        ComposeAsync<AuditAnchorMail>(recipient, new() { [nameof(AuditAnchorMail.Anchor)] = anchor });

    private async Task<ComposedMail> ComposeAsync<TTemplate>(MailRecipient recipient, Dictionary<string, object?> parameters)
        where TTemplate : MailTemplate
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var culture = recipient.Culture;
        parameters[nameof(MailTemplate.T)] = texts.For(culture);
        parameters[nameof(MailTemplate.Culture)] = culture;
        parameters[nameof(MailTemplate.RecipientName)] = recipient.Name;
        // The renderer resolves scoped services (components' activity source): a scope of its own per mail.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var rendered = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TTemplate>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return Split(rendered);
    }

    private static ComposedMail Split(string rendered)
    {
        var end = rendered.IndexOf(TitleEnd, StringComparison.Ordinal);
        if (!rendered.StartsWith(TitleStart, StringComparison.Ordinal) || end < 0)
        {
            throw new InvalidOperationException("A mail template must start with its subject (MailFrame).");
        }

        var subject = System.Net.WebUtility.HtmlDecode(rendered[TitleStart.Length..end]);
        var html = rendered[(end + TitleEnd.Length)..].Trim();
        return new ComposedMail(subject, MailPlainText.FromHtml(html), html);
    }
}
