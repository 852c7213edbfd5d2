namespace Rectify.Documents;

/// <summary>Excel's names for columns.</summary>
public static class XlsxColumns
{
    /// <summary>Excel column letters for a zero-based index: 0 → A, 11 → L, 26 → AA.</summary>
    public static string Letters(int index)
    {
        var letters = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            letters = (char)('A' + ((i - 1) % 26)) + letters;
        }

        return letters;
    }
}
