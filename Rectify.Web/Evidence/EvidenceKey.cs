using System.Text.RegularExpressions;

namespace Rectify.Web.Evidence;

/// <summary>Storage keys of evidence files: "yyyy/" and 32 hex digits, never anything a user typed.</summary>
public static partial class EvidenceKey
{
    public static bool IsValid(string? key) => key is not null && Pattern().IsMatch(key);

    [GeneratedRegex("^[0-9]{4}/[0-9a-f]{32}$")]
    private static partial Regex Pattern();
}
