namespace Rectify.Domain.Ledger;

/// <summary>整改进展: a dated entry by the owner. Never edited; a correction is a new entry.</summary>
public sealed class ProgressReport
{
    private ProgressReport()
    {
    }

    internal ProgressReport(DateOnly date, string text, int? percent, string authorId, string authorName, DateTimeOffset now, Guid? submissionId)
    {
        SubmissionId = submissionId;
        Id = Guid.CreateVersion7(now);
        Date = date;
        Text = text;
        Percent = percent;
        AuthorId = authorId;
        AuthorName = authorName;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public DateOnly Date { get; private set; }

    public string Text { get; private set; } = string.Empty;

    /// <summary>完成比例 0..100, optional.</summary>
    public int? Percent { get; private set; }

    public string AuthorId { get; private set; } = string.Empty;

    /// <summary>Kept as written so the ledger still shows it after the user leaves.</summary>
    public string AuthorName { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The id the form carried that submitted this report (made when the form was rendered), unique per item: the same form
    /// sent again — a retry after a lost answer, or nginx passing a POST on to the other instance — finds this report instead
    /// of adding a second one (decision 0063). Null for reports from before, from imports and from callers without a form.
    /// </summary>
    public Guid? SubmissionId { get; private set; }

    /// <summary>The item's version right after this report was added (before files attached with it); null for older reports.</summary>
    public int? ItemVersion { get; internal set; }
}
