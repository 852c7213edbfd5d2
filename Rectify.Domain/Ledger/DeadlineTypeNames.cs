namespace Rectify.Domain.Ledger;

/// <summary>Chinese names of <see cref="DeadlineType"/>: 立行立改, 限期整改, 长期坚持.</summary>
public static class DeadlineTypeNames
{
    private static readonly NameTable<DeadlineType> _table = new(new()
    {
        [DeadlineType.Immediate] = "立行立改",
        [DeadlineType.ByDate] = "限期整改",
        [DeadlineType.LongTerm] = "长期坚持",
    });

    public static string Name(DeadlineType type) => _table.Name(type);

    public static bool TryParse(string? text, out DeadlineType type)
    {
        var ok = _table.TryParse(text, out var value);
        type = value.GetValueOrDefault();
        return ok;
    }
}
