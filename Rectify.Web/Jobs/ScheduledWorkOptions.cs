namespace Rectify.Web.Jobs;

/// <summary>The "Ledger" section: settings of the scheduled ledger work.</summary>
public sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>公示期: days between 销号审核通过 and 已销号 (0: closed at the next run of the close job).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 365)]
    public int NoticeDays { get; set; }
}

/// <summary>Where links in mails point: Rectify:PublicBaseUrl.</summary>
public sealed class PublicUrlOptions
{
    /// <summary>Read from the "Rectify" section (Rectify:PublicBaseUrl).</summary>
    public const string Section = Hosting.RectifyOptions.Section;

    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    public string ItemUrl(Guid id) => $"{PublicBaseUrl.TrimEnd('/')}/items/{id}";
}
