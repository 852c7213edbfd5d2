using System.Diagnostics.CodeAnalysis;

namespace Rectify.Domain.Ledger;

/// <summary>
/// Chinese display names of an enum and a tolerant reverse lookup for imported spreadsheets:
/// whitespace and separator dots (·・•.．) and dashes are ignored, so "述职评议 自己查摆" matches "述职评议·自己查摆".
/// </summary>
internal sealed class NameTable<TEnum>
    where TEnum : struct, Enum
{
    private readonly Dictionary<TEnum, string> _names;
    private readonly Dictionary<string, TEnum> _lookup = [];

    public NameTable(Dictionary<TEnum, string> names, params (string Alias, TEnum Value)[] aliases)
    {
        _names = names;
        foreach (var (value, name) in names)
        {
            _lookup[Normalize(name)] = value;
        }

        foreach (var (alias, value) in aliases)
        {
            _lookup[Normalize(alias)] = value;
        }
    }

    public string Name(TEnum value) =>
        _names.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public bool TryParse(string? text, [NotNullWhen(true)] out TEnum? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text) || !_lookup.TryGetValue(Normalize(text), out var found))
        {
            return false;
        }

        value = found;
        return true;
    }

    private static string Normalize(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c) && !"·・•.．-－—_".Contains(c)));
}
