using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Rectify.Web.Localization;

/// <summary>
/// The UI's strings. They live in Localization/zh/*.json (the default) and Localization/en/*.json, one file per feature,
/// embedded in the assembly: flat "Key": "text" maps with composite-format placeholders ({0}); a key may be defined once. Inject <c>IStringLocalizer&lt;Text&gt;</c>
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
            var prefix = $"Rectify.Web.Localization.{language}.";
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [])
                {
                    if (!merged.TryAdd(key, value))
                    {
                        throw new InvalidOperationException($"Text key '{key}' is defined twice ({name}).");
                    }
                }
            }

            if (merged.Count == 0)
            {
                throw new InvalidOperationException($"No embedded text resources for '{language}'.");
            }

            result[language] = merged.ToFrozenDictionary(StringComparer.Ordinal);
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
