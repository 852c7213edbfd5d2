using System.Globalization;

namespace Rectify.Domain.Reminders;

/// <summary>
/// What one run decides for one recipient and one kind of reminder, most urgent first. The mail a person gets gathers all of
/// their kinds into one <see cref="PersonalDigest"/>.
/// </summary>
public sealed record ReminderDigest(string RecipientId, DigestKind Kind, DateOnly RunDay, IReadOnlyList<ReminderLine> Lines)
{
    /// <summary>
    /// <c>{Kind}:{RecipientId}:{RunDay:yyyy-MM-dd}</c>: one per recipient, kind and day, so that a rerun or a restart of the
    /// job on the same day produces the same key and the outbox refuses the duplicate.
    /// </summary>
    public string IdempotencyKey =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind}:{RecipientId}:{RunDay:yyyy-MM-dd}");
}
