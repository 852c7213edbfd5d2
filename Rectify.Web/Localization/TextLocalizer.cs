namespace Rectify.Web.Localization;

/// <summary>
/// <c>IStringLocalizer&lt;Text&gt;</c> over the <see cref="TextCatalog"/>: in the current request's UI culture (the
/// registered singleton), or in a fixed culture (<see cref="TextCatalog.For"/>, for a mail's recipient). Arguments are
/// formatted in the same culture.
/// </summary>
public sealed class TextLocalizer(TextCatalog catalog, CultureInfo? culture = null) : IStringLocalizer<Text>
{
    private CultureInfo Culture => culture ?? CultureInfo.CurrentUICulture;

    public LocalizedString this[string name]
    {
        get
        {
            var value = catalog.Find(name, Culture);
            return new LocalizedString(name, value ?? name, resourceNotFound: value is null);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(Culture, format.Value, arguments), format.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        catalog.Table(TextCatalog.Language(Culture)).Select(kv => new LocalizedString(kv.Key, kv.Value));
}
