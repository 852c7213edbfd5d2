using System.ComponentModel.DataAnnotations;

namespace Rectify.Web.LedgerIO;

/// <summary>The "LedgerIO" section of appsettings.json: limits of Excel/Word import and export.</summary>
public sealed class LedgerIOOptions
{
    public const string Section = "LedgerIO";

    /// <summary>Largest upload accepted for an import (.xlsx) or a report (.txt/.docx), in bytes; default 10 MB.</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>An imported 立行立改 row without a date gets a deadline this many days after the import.</summary>
    [Range(1, 365)]
    public int ImmediateDeadlineDays { get; set; } = 30;

    /// <summary>How long a file prepared on the import/export page stays downloadable (GET /ledger/exports/{token}).</summary>
    [Range(1, 24 * 60)]
    public int PreparedFileMinutes { get; set; } = 60;
}
