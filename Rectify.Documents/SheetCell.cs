namespace Rectify.Documents;

/// <summary>One cell's content as text; <see cref="IsNumber"/> for numeric cells (dates are numbers in Excel).</summary>
public sealed record SheetCell(string Text, bool IsNumber);
