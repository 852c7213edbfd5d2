namespace Rectify.Web.Localization;

/// <summary>
/// The name of the UI's one text source: inject <c>IStringLocalizer&lt;Text&gt;</c> (the request's language) or
/// <see cref="TextCatalog.For"/> (a recipient's language). The texts live in Localization/zh/*.json (the default) and
/// Localization/en/*.json; see <see cref="TextCatalog"/>.
/// </summary>
public sealed class Text
{
    private Text()
    {
    }
}
