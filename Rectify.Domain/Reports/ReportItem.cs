namespace Rectify.Domain.Reports;

/// <summary>A paragraph of the report or a table in it (exactly one of the two is set).</summary>
internal readonly record struct ReportItem(string? Line, ReportTable? Table);
