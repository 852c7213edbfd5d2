namespace Rectify.Documents;

/// <summary>Which limit of <see cref="FileLimitsOptions"/> a file went past.</summary>
public enum FileLimit
{
    PartSize,
    TotalSize,
    CompressionRatio,
    Parts,
    Rows,
    Cells,
    SharedStrings,
    SharedStringChars,
    CellText,
    Text,
}
