using System.ComponentModel.DataAnnotations;

namespace Rectify.Documents;

/// <summary>
/// The "FileLimits" section of appsettings.json: what a user's Office file (a .docx 述职报告, an .xlsx ledger) may contain
/// before the server refuses to read it. Checked before reading (the zip directory's declared sizes) and while reading
/// (bytes actually inflated, rows, cells, strings, characters), so a zip bomb or a sheet of millions of rows is refused
/// within seconds and in little memory. Defaults fit real ledgers (a few thousand rows) many times over; decision 0016.
/// </summary>
public sealed class FileLimitsOptions
{
    public const string Section = "FileLimits";

    /// <summary>Largest uncompressed part (a sheet, the shared strings, the document text), in bytes; default 64 MB.</summary>
    [Range(1024 * 1024, 1024L * 1024 * 1024)]
    public long MaxPartBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest uncompressed package (all parts together, pictures included), in bytes; default 128 MB.</summary>
    [Range(1024 * 1024, 4L * 1024 * 1024 * 1024)]
    public long MaxTotalBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Highest compression ratio of a part larger than 1 MB uncompressed; default 100 (Office XML compresses 5–20 times).</summary>
    [Range(10, 10_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Most parts (zip entries) in a package; default 2000.</summary>
    [Range(10, 100_000)]
    public int MaxParts { get; set; } = 2000;

    /// <summary>Most rows of the sheet read; default 20000 (a real ledger has a few thousand).</summary>
    [Range(10, 1_048_576)]
    public int MaxRows { get; set; } = 20_000;

    /// <summary>Most cells of the sheet read, empty ones included; default 1000000.</summary>
    [Range(100, 100_000_000)]
    public int MaxCells { get; set; } = 1_000_000;

    /// <summary>Most shared strings (distinct cell texts) of a workbook; default 200000.</summary>
    [Range(100, 10_000_000)]
    public int MaxSharedStrings { get; set; } = 200_000;

    /// <summary>Most characters in all shared strings together; default 20 million (about 40 MB in memory).</summary>
    [Range(10_000, 500_000_000)]
    public long MaxSharedStringChars { get; set; } = 20_000_000;

    /// <summary>Most characters of one cell; default 32767, Excel's own limit.</summary>
    [Range(100, 10_000_000)]
    public int MaxCellChars { get; set; } = 32_767;

    /// <summary>Most characters of a report's text (.docx or .txt); default 1 million (a 述职报告 has 5000–20000).</summary>
    [Range(1000, 100_000_000)]
    public int MaxTextChars { get; set; } = 1_000_000;

    /// <summary>A part smaller than this is never refused for its compression ratio (tiny parts compress oddly).</summary>
    public const long RatioGraceBytes = 1024 * 1024;

    /// <summary>Package metadata (relationships, content types) is a few KB in any real file; read whole by the SDK, so kept small.</summary>
    public const long MaxMetadataPartBytes = 1024 * 1024;
}
