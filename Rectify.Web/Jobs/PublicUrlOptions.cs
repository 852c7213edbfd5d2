namespace Rectify.Web.Jobs;

/// <summary>Where links in mails point: Rectify:PublicBaseUrl.</summary>
public sealed class PublicUrlOptions
{
    /// <summary>Read from the "Rectify" section (Rectify:PublicBaseUrl).</summary>
    public const string Section = Hosting.RectifyOptions.Section;

    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    public string ItemUrl(Guid id) => $"{PublicBaseUrl.TrimEnd('/')}/items/{id}";

    /// <summary>The item list with <paramref name="filter"/> (its query string from <see cref="Ledger.ItemFilterQuery"/>).</summary>
    public string ListUrl(Ledger.ItemFilter filter) => $"{PublicBaseUrl.TrimEnd('/')}/items{Ledger.ItemFilterQuery.ToQueryString(filter)}";
}
