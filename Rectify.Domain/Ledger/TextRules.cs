namespace Rectify.Domain.Ledger;

/// <summary>Trimming and length rules for user-entered text, shared by every entity.</summary>
internal static class TextRules
{
    /// <summary>Trims; throws <c>{code}.required</c> when empty and <c>{code}.too_long</c> when longer than <paramref name="maxLength"/>.</summary>
    public static string Required(string? value, int maxLength, string code, string fieldName)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new DomainException($"{code}.required", $"{fieldName}不能为空。");
        }

        return MaxLength(trimmed, maxLength, code, fieldName);
    }

    /// <summary>Trims; empty becomes null; throws <c>{code}.too_long</c> when too long.</summary>
    public static string? Optional(string? value, int maxLength, string code, string fieldName)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : MaxLength(trimmed, maxLength, code, fieldName);
    }

    private static string MaxLength(string value, int maxLength, string code, string fieldName) =>
        value.Length <= maxLength
            ? value
            : throw new DomainException($"{code}.too_long", $"{fieldName}不能超过{maxLength}个字。");
}
