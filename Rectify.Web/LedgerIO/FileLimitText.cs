using Rectify.Documents;

namespace Rectify.Web.LedgerIO;

/// <summary>What a user is told when a file went past a limit (<see cref="FileLimitException"/>, from Rectify.Documents).</summary>
public static class FileLimitText
{
    /// <summary>The refusal in the language of <paramref name="text"/> (the requester's): which limit, and its value.</summary>
    public static string UserMessage(this FileLimitException exception, IStringLocalizer<Text> text)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(text);
        var key = exception.Limit switch
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
        object shown = exception.Limit is FileLimit.PartSize or FileLimit.TotalSize
            ? Math.Round(exception.Value / 1024d / 1024d, 1)
            : exception.Value;
        return text[key, shown];
    }
}
