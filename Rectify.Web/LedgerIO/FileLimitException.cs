using System.Globalization;
using Rectify.Web.Localization;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// A user's file went past a limit of <see cref="FileLimitsOptions"/>; reading stopped there. Deliberately not an
/// <see cref="IOException"/> or <see cref="InvalidDataException"/>: callers tell it apart from an unreadable file and show
/// <see cref="UserMessage"/>, which says which limit.
/// </summary>
public sealed class FileLimitException(FileLimit limit, long value)
    : Exception($"The file exceeds the {limit} limit ({value.ToString(CultureInfo.InvariantCulture)}).")
{
    public FileLimit Limit { get; } = limit;

    /// <summary>The configured limit that was exceeded (bytes, rows, cells, characters or a ratio).</summary>
    public long Value { get; } = value;

    /// <summary>The refusal in the current UI language (Chinese by default).</summary>
    public string UserMessage()
    {
        var key = Limit switch
        {
            FileLimit.PartSize or FileLimit.TotalSize => "FileLimits.TooLarge",
            FileLimit.CompressionRatio => "FileLimits.Ratio",
            FileLimit.Parts => "FileLimits.Parts",
            FileLimit.Rows => "FileLimits.Rows",
            FileLimit.Cells => "FileLimits.Cells",
            FileLimit.SharedStrings => "FileLimits.SharedStrings",
            FileLimit.SharedStringChars => "FileLimits.SharedStringChars",
            FileLimit.CellText => "FileLimits.CellText",
            _ => "FileLimits.Text",
        };
        object shown = Limit is FileLimit.PartSize or FileLimit.TotalSize
            ? Math.Round(Value / 1024d / 1024d, 1)
            : Value;
        return TextFormat.Get(key, shown);
    }
}
