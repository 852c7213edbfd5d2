using System.Globalization;

namespace Rectify.Domain.Reminders;

/// <summary>
/// The lines of one section of a <see cref="PersonalDigest"/>, most urgent first: at most
/// <see cref="ReminderSettings.MaxLinesPerSection"/> of them; <see cref="Total"/> counts the whole section.
/// </summary>
public sealed record DigestSectionLines(DigestSection Section, IReadOnlyList<ReminderLine> Lines)
{
    /// <summary>How many lines the whole section has (at least <see cref="Lines"/>' count).</summary>
    public int Total { get; init; } = Lines.Count;

    /// <summary>The most days (late, left or waiting) of any line of the whole section, listed or not.</summary>
    public int MostDays { get; init; } = Lines.Count == 0 ? 0 : Lines.Max(l => l.Days ?? 0);

    /// <summary>The lines of the section not listed in the mail.</summary>
    public int Omitted => Total - Lines.Count;
}

/// <summary>
/// Everything one run has to tell one person, as ONE mail: the sections that apply to them, in <see cref="DigestSection"/>
/// order. A secretary who is also a 责任领导 and an administrator gets one mail a morning, not three.
/// </summary>
public sealed record PersonalDigest(string RecipientId, DateOnly RunDay, IReadOnlyList<DigestSectionLines> Sections)
{
    /// <summary>The instant of the run that decided this digest (its sections are computed as of then).</summary>
    public DateTimeOffset RunAt { get; init; }

    /// <summary>The outbox kind of these mails.</summary>
    public const string Kind = "Digest";

    /// <summary>
    /// <c>Digest:{RecipientId}:{RunDay:yyyy-MM-dd}</c>: one per person and day, so a rerun or a restart on the same day produces
    /// the same key and the outbox refuses the duplicate, whatever sections the rerun finds.
    /// </summary>
    public string IdempotencyKey =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind}:{RecipientId}:{RunDay:yyyy-MM-dd}");

    /// <summary>The lines of <paramref name="section"/>, or none.</summary>
    public IReadOnlyList<ReminderLine> LinesOf(DigestSection section) =>
        Sections.FirstOrDefault(s => s.Section == section)?.Lines ?? [];
}
