namespace Rectify.Domain.Ledger;

/// <summary>Chinese names of <see cref="ItemStatus"/>: 待整改, 整改中, 待销号, 已审核, 已销号.</summary>
public static class ItemStatusNames
{
    private static readonly NameTable<ItemStatus> _table = new(new()
    {
        [ItemStatus.Open] = "待整改",
        [ItemStatus.InProgress] = "整改中",
        [ItemStatus.AwaitingSignOff] = "待销号",
        [ItemStatus.SignedOff] = "已审核",
        [ItemStatus.Closed] = "已销号",
    });

    public static string Name(ItemStatus status) => _table.Name(status);

    public static bool TryParse(string? text, out ItemStatus status)
    {
        var ok = _table.TryParse(text, out var value);
        status = value.GetValueOrDefault();
        return ok;
    }
}
