namespace Rectify.Web.LedgerIO;

/// <summary>A row left out on purpose (already in the list, or repeated in the file).</summary>
public sealed record ImportSkip(int Row, string Description, string Reason);
