namespace Rectify.Web.Ledger;

/// <summary>A refused row: <see cref="Row"/> counts from 1 as the grid shows it.</summary>
public sealed record RowError(int Row, string Message);
