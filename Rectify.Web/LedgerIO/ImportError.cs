namespace Rectify.Web.LedgerIO;

/// <summary>A problem in one row of the file: its row number as Excel shows it, the column's header and why.</summary>
public sealed record ImportError(int Row, string Column, string Reason);
