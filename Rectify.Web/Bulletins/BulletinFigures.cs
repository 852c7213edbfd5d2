namespace Rectify.Web.Bulletins;

/// <summary>
/// What a 督查通报 says, frozen at issue: the overview's totals and branch ranking for the whole ledger on <see cref="AsOf"/>,
/// the overdue items and the items closed in the period (each list capped at <see cref="BulletinService.ListLimit"/>, with the
/// full count kept beside it), and the items marked as recurrences of an earlier one (decision 0028) with their count.
/// <see cref="Recurrences"/> and <see cref="RecurrenceItems"/> are null in bulletins issued before recurrences were counted:
/// their stored JSON has no such fields and still reads.
/// </summary>
public sealed record BulletinFigures(
    DateOnly AsOf,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    int Total,
    int Closed,
    decimal? ClosingRate,
    int Unfinished,
    int Overdue,
    int DueSoon,
    int ClosedInPeriod,
    IReadOnlyList<BulletinBranch> Branches,
    IReadOnlyList<BulletinItem> OverdueItems,
    IReadOnlyList<BulletinItem> ClosedItems,
    int? Recurrences = null,
    IReadOnlyList<BulletinRecurrence>? RecurrenceItems = null);
