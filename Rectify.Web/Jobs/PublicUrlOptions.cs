namespace Rectify.Web.Jobs;

/// <summary>Where links in mails point: Rectify:PublicBaseUrl.</summary>
public sealed class PublicUrlOptions
{
    /// <summary>Read from the "Rectify" section (Rectify:PublicBaseUrl).</summary>
    public const string Section = Hosting.RectifyOptions.Section;

    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    public string ItemUrl(Guid id) => $"{PublicBaseUrl.TrimEnd('/')}/items/{id}";
}
