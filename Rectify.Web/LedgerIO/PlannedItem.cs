namespace Rectify.Web.LedgerIO;

/// <summary>A row that will become an item.</summary>
public sealed record PlannedItem(int Row, ItemDetails Details, IReadOnlyList<string> Measures);
