namespace Rectify.Web.LedgerIO;

/// <summary>The text of an uploaded report, or the refusal to show instead (in the user's language).</summary>
public sealed record ReportFileResult(string? Text, string? Error);
