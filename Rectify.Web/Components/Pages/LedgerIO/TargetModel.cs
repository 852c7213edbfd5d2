using Rectify.Web.LedgerIO;

namespace Rectify.Web.Components.Pages.LedgerIO;

/// <summary>The problem list an import or the report drafts go to, as edited on the page.</summary>
public sealed class TargetModel
{
    public bool CreateNew { get; set; }

    public Guid? ListId { get; set; }

    public string Title { get; set; } = "";

    public ProblemSource Source { get; set; } = ProblemSource.DemocraticLifeMeeting;

    public DateOnly Date { get; set; }

    public int IssuingOrganizationId { get; set; }

    /// <summary>The target, or null when an existing list is wanted but none is chosen.</summary>
    public ImportTarget? ToTarget() =>
        CreateNew ? ImportTarget.New(Title, Source, Date, IssuingOrganizationId)
        : ListId is { } id ? ImportTarget.Existing(id) : null;
}
