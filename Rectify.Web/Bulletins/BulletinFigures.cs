using Rectify.Domain.Ledger;

namespace Rectify.Web.Bulletins;

/// <summary>
/// What a 督查通报 says, frozen at issue: the overview's totals and branch ranking for the whole ledger on <see cref="AsOf"/>,
/// the overdue items and the items closed in the period (each list capped at <see cref="BulletinService.ListLimit"/>, with the
/// full count kept beside it).
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
    IReadOnlyList<BulletinItem> ClosedItems);
