using System.Globalization;
using Rectify.Web.Localization;

namespace Rectify.Web.LedgerIO;

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
