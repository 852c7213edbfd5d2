using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Rectify.Web.Localization;

/// <summary>
/// The UI's strings. They live in Localization/Text.zh.json (the default) and Localization/Text.en.json, embedded in the
/// assembly: flat "Key": "text" maps with composite-format placeholders ({0}). Inject <c>IStringLocalizer&lt;Text&gt;</c>
/// in components; attributes use <see cref="Get"/> through <see cref="ValidationText"/>.
/// A key missing in English falls back to Chinese; a key missing everywhere shows the key (and a test fails on it).
/// </summary>
public sealed class Text
{
    private static readonly Lazy<FrozenDictionary<string, FrozenDictionary<string, string>>> Tables = new(Load);

    public static IReadOnlyDictionary<string, string> Table(string language) => Tables.Value[language];

    public static string Get(string key, CultureInfo? culture = null)
    {
        var language = Language(culture ?? CultureInfo.CurrentUICulture);
        var tables = Tables.Value;
        if (tables[language].TryGetValue(key, out var value) || tables["zh"].TryGetValue(key, out value))
        {
            return value;
        }

        return key;
    }

    public static bool Exists(string key) => Tables.Value["zh"].ContainsKey(key);

    private static string Language(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" ? "en" : "zh";

    private static FrozenDictionary<string, FrozenDictionary<string, string>> Load()
    {
        var assembly = typeof(Text).Assembly;
        var result = new Dictionary<string, FrozenDictionary<string, string>>();
        foreach (var language in new[] { "zh", "en" })
        {
            using var stream = assembly.GetManifestResourceStream($"Rectify.Web.Localization.Text.{language}.json")
                ?? throw new InvalidOperationException($"Embedded resource Text.{language}.json is missing.");
            var map = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
            result[language] = map.ToFrozenDictionary(StringComparer.Ordinal);
        }

        return result.ToFrozenDictionary();
    }
}

/// <summary>IStringLocalizer&lt;Text&gt; over the embedded tables, in the current request's UI culture.</summary>
public sealed class TextLocalizer : IStringLocalizer<Text>
{
    public LocalizedString this[string name]
    {
        get
        {
            var value = Text.Get(name);
            return new LocalizedString(name, value, resourceNotFound: !Text.Exists(name));
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        Text.Table(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "zh")
            .Select(kv => new LocalizedString(kv.Key, kv.Value));
}

/// <summary>Validation messages for DataAnnotations attributes (ErrorMessageResourceType = typeof(ValidationText)).</summary>
public static class ValidationText
{
    public static string Required => Text.Get("Validation.Required");
    public static string StringLength => Text.Get("Validation.StringLength");
    public static string StringLengthRange => Text.Get("Validation.StringLengthRange");
    public static string Range => Text.Get("Validation.Range");
    public static string PasswordsDiffer => Text.Get("Validation.PasswordsDiffer");
}
