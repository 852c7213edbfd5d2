using System.Globalization;

namespace Rectify.Domain.Reminders;

/// <summary>One mail to one recipient for one run, listing all their items of this kind, most urgent first.</summary>
public sealed record ReminderDigest(string RecipientId, DigestKind Kind, DateOnly RunDay, IReadOnlyList<ReminderLine> Lines)
{
    /// <summary>
    /// <c>{Kind}:{RecipientId}:{RunDay:yyyy-MM-dd}</c>: one per recipient, kind and day, so that a rerun or a restart of the
    /// job on the same day produces the same key and the outbox refuses the duplicate.
    /// </summary>
    public string IdempotencyKey =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind}:{RecipientId}:{RunDay:yyyy-MM-dd}");

    /// <summary>The Chinese subject line; see <see cref="ReminderSubject"/>.</summary>
    public string Subject => ReminderSubject.For(this);
}
