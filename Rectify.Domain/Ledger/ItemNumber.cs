namespace Rectify.Domain.Ledger;

/// <summary>编号 of an item: the problem list's prefix and a sequence, e.g. "2026-民主生活会-003".</summary>
public static class ItemNumber
{
    /// <summary>Sequence padded to at least three digits; 1000 and above print in full.</summary>
    public static string Format(string prefix, int sequence)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return $"{prefix}-{sequence:D3}";
    }

    /// <summary>The next free sequence under <paramref name="prefix"/> given the numbers already used (1 when none).</summary>
    public static int NextSequence(string prefix, IEnumerable<string> existingNumbers)
    {
        var max = 0;
        foreach (var number in existingNumbers)
        {
            if (number.StartsWith(prefix + "-", StringComparison.Ordinal)
                && int.TryParse(number.AsSpan(prefix.Length + 1), out var seq)
                && seq > max)
            {
                max = seq;
            }
        }

        return max + 1;
    }
}
