namespace Rectify.Domain.Ledger;

/// <summary>整改进展: a dated entry by the owner. Never edited; a correction is a new entry.</summary>
public sealed class ProgressReport
{
    private ProgressReport()
    {
    }

    internal ProgressReport(DateOnly date, string text, int? percent, string authorId, string authorName, DateTimeOffset now)
    {
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
}
