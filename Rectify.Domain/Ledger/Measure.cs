namespace Rectify.Domain.Ledger;

/// <summary>整改措施: one concrete action of an item, with its own owner, due date and done flag.</summary>
public sealed class Measure
{
    private Measure()
    {
    }

    internal Measure(int position, string text, string? ownerId, DateOnly? dueDate, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Position = position;
        Text = text;
        OwnerId = ownerId;
        DueDate = dueDate;
    }

    public Guid Id { get; private set; }

    /// <summary>1, 2, 3 … in the order the measures were added: the order of the checklist and of the exported ledger.</summary>
    public int Position { get; private set; }

    public string Text { get; private set; } = string.Empty;

    public string? OwnerId { get; private set; }

    public DateOnly? DueDate { get; private set; }

    public bool Done { get; private set; }

    public DateTimeOffset? DoneAt { get; private set; }

    internal void Update(string text, string? ownerId, DateOnly? dueDate)
    {
        Text = text;
        OwnerId = ownerId;
        DueDate = dueDate;
    }

    internal void SetDone(bool done, DateTimeOffset now)
    {
        Done = done;
        DoneAt = done ? now : null;
    }
}
