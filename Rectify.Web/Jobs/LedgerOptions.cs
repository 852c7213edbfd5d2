namespace Rectify.Web.Jobs;

/// <summary>The "Ledger" section: settings of the scheduled ledger work.</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>公示期: days between 销号审核通过 and 已销号 (0: closed at the next run of the close job).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 365)]
    public int NoticeDays { get; set; }
}
