using Microsoft.AspNetCore.Components;

namespace Rectify.Web.Mail.Templates;

/// <summary>What every mail template gets from <see cref="MailComposer"/>: the recipient's name, language and localizer.</summary>
public abstract class MailTemplate : ComponentBase
{
    /// <summary>The texts in the recipient's language.</summary>
    [Parameter, EditorRequired]
    public IStringLocalizer<Text> T { get; set; } = default!;

    /// <summary>The recipient's language, for dates and numbers.</summary>
    [Parameter, EditorRequired]
    public CultureInfo Culture { get; set; } = default!;

    [Parameter, EditorRequired]
    public string RecipientName { get; set; } = "";

    protected string LongDate(DateOnly day) => DateFormat.LongDate(day, Culture);
}
