using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;

namespace Rectify.Tests.Domain.Reminders;

/// <summary>A TimeProvider frozen at one instant (Microsoft.Extensions.TimeProvider.Testing is not available).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public DateTimeOffset UtcNow { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => UtcNow;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

/// <summary>Items and runs for the reminder tests. The base day, 2026-11-21, is a Saturday.</summary>
internal static class Kit
{
    public static readonly DateOnly Today = new(2026, 11, 21);

    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById(Rectify.Domain.Clock.DefaultTimeZone);

    /// <summary>09:00 in Shanghai on <paramref name="day"/>.</summary>
    public static DateTimeOffset MorningOf(DateOnly day) => new(day.Year, day.Month, day.Day, 1, 0, 0, TimeSpan.Zero);

    public static DateOnly Day(int offsetFromToday) => Today.AddDays(offsetFromToday);

    private static int _next;

    public static ReminderItem Item(
        string? number = null,
        DateOnly? deadline = null,
        ItemStatus status = ItemStatus.InProgress,
        string owner = "owner-1",
        string leader = "leader-1",
        int organization = 1) =>
        new(
            ItemId: Guid.NewGuid(),
            Number: number ?? $"2026-{Interlocked.Increment(ref _next)}",
            Title: "党支部“三会一课”记录不规范",
            Status: status,
            DeadlineType: DeadlineType.ByDate,
            Deadline: deadline,
            Period: null,
            CreatedOn: new DateOnly(2026, 3, 1),
            LastProgressDate: null,
            OwnerId: owner,
            LeaderId: leader,
            SignOffRequestedAt: null,
            PendingExtensionRequestedAt: null,
            ResponsibleOrganizationId: organization);

    /// <summary>An item whose deadline is <paramref name="daysLeft"/> days after today (negative: overdue).</summary>
    public static ReminderItem DueIn(int daysLeft, string? number = null, string owner = "owner-1", string leader = "leader-1", ItemStatus status = ItemStatus.InProgress) =>
        Item(number, Today.AddDays(daysLeft), status, owner, leader);

    public static ReminderItem Overdue(int days, string? number = null, string owner = "owner-1", string leader = "leader-1", ItemStatus status = ItemStatus.InProgress) =>
        DueIn(-days, number, owner, leader, status);

    public static ReminderItem LongTerm(ReportingPeriod period, DateOnly createdOn, DateOnly? lastProgress = null, string owner = "owner-1") =>
        Item(owner: owner) with
        {
            DeadlineType = DeadlineType.LongTerm,
            Period = period,
            CreatedOn = createdOn,
            LastProgressDate = lastProgress,
        };

    public static IReadOnlyList<ReminderDigest> Run(
        IEnumerable<ReminderItem> items,
        DateOnly? today = null,
        ReminderSettings? settings = null,
        ReminderAudience? audience = null,
        DateTimeOffset? now = null)
    {
        var day = today ?? Today;
        return ReminderPolicy.Decide(items, day, now ?? MorningOf(day), settings ?? ReminderSettings.Default, audience ?? ReminderAudience.None);
    }

    public static IReadOnlyList<ReminderDigest> Run(params ReminderItem[] items) => Run(items, today: null);

    public static ReminderAudience Admins(params string[] ids) => new(ids, new HashSet<string>());

    public static ReminderAudience OptedOut(params string[] ids) => new([], new HashSet<string>(ids));

    public static IReadOnlyList<ReminderDigest> OfKind(this IReadOnlyList<ReminderDigest> digests, DigestKind kind) =>
        digests.Where(d => d.Kind == kind).ToList();

    public static ReminderDigest Single(this IReadOnlyList<ReminderDigest> digests, DigestKind kind) =>
        digests.OfKind(kind).ShouldHaveSingleItem();
}
