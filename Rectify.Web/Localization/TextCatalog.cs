using System.Collections.Frozen;
using System.Text.Json;

namespace Rectify.Web.Localization;

/// <summary>
/// The UI's strings, loaded once (a singleton): Localization/zh/*.json (the default) and Localization/en/*.json, one file
/// per feature, embedded in the assembly; flat "Key": "text" maps with composite-format placeholders ({0}); a key may be
/// defined once. A key missing in English falls back to Chinese; a key missing everywhere shows the key (and a test fails
/// on it). Code reads it through <c>IStringLocalizer&lt;Text&gt;</c>, never directly.
/// </summary>
public sealed class TextCatalog
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _tables = Load();

    public static string Language(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "en" ? "en" : "zh";
    }

    public IReadOnlyDictionary<string, string> Table(string language) => _tables[language];

    /// <summary>The text of <paramref name="key"/> in the culture's language (Chinese when English has none), or null.</summary>
    public string? Find(string key, CultureInfo culture) =>
        _tables[Language(culture)].TryGetValue(key, out var value) || _tables["zh"].TryGetValue(key, out value) ? value : null;

    /// <summary>A localizer fixed to one culture, for text written for someone other than the current request (a mail's recipient).</summary>
    public IStringLocalizer<Text> For(CultureInfo culture) => new TextLocalizer(this, culture);

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
