namespace Rectify.Domain.Reminders;

/// <summary>
/// Orders item numbers (编号) the way a secretary reads them: runs of digits compare as numbers, so "2026-2" comes before
/// "2026-10". Other characters compare ordinally.
/// </summary>
public sealed class ItemNumberComparer : IComparer<string>
{
    public static ItemNumberComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var startX = i;
                var startY = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                var digitsX = x.AsSpan(startX, i - startX).TrimStart('0');
                var digitsY = y.AsSpan(startY, j - startY).TrimStart('0');
                if (digitsX.Length != digitsY.Length)
                {
                    return digitsX.Length.CompareTo(digitsY.Length);
                }

                var byValue = digitsX.SequenceCompareTo(digitsY);
                if (byValue != 0)
                {
                    return byValue;
                }

                continue;
            }

            var byChar = x[i].CompareTo(y[j]);
            if (byChar != 0)
            {
                return byChar;
            }

            i++;
            j++;
        }

        var byRest = (x.Length - i).CompareTo(y.Length - j);
        return byRest != 0 ? byRest : string.CompareOrdinal(x, y);
    }
}
