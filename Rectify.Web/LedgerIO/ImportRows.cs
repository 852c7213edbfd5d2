namespace Rectify.Web.LedgerIO;

/// <summary>The rows <see cref="ImportFileReader.ReadRows"/> found under the header row, or why there are none to check.</summary>
public sealed record ImportRows(List<LedgerRowInput> Rows, string? Refusal);
