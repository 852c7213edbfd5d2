namespace Rectify.Web.Ledger;

/// <summary>
/// How many items an organisation has with one combination of a <see cref="CountDimension"/>'s values. Written only by the
/// database's triggers on RectificationItems, in the transaction of each insert, update and delete (decision 0035), and read
/// by the overview and the item list's pager instead of counting the items themselves.
/// </summary>
public sealed class ItemCount
{
    /// <summary>The key of dimensions without a text part.</summary>
    public const string NoKey = "";

    /// <summary>The source of dimensions without one.</summary>
    public const int NoSource = -1;

    /// <summary>The status of <see cref="CountDimension.CreatedWeek"/> rows, which count items whatever their status.</summary>
    public const int AnyStatus = -1;

    public CountDimension Dimension { get; private set; }

    public string Key { get; private set; } = NoKey;

    public int Source { get; private set; }

    public int Status { get; private set; }

    public int OrganizationId { get; private set; }

    public int Count { get; private set; }
}
