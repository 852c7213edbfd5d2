namespace Rectify.Domain.Bulletins;

/// <summary>How often leaders issue a 督查通报 ("月研究、季度督查").</summary>
public enum BulletinCadence
{
    Monthly = 0,
    Quarterly = 1,
}

/// <summary>
/// The period a 督查通报 reports on: a calendar month or quarter, first and last day inclusive. A bulletin is issued after its
/// period has ended, so the period of a run on <c>today</c> is the last one that ended before today.
/// </summary>
public sealed record BulletinPeriod(BulletinCadence Cadence, DateOnly Start, DateOnly End)
{
    /// <summary>The last month or quarter that ended before <paramref name="today"/> (on 2026-12-01: November, or Q3 for quarterly).</summary>
    public static BulletinPeriod LastCompleted(BulletinCadence cadence, DateOnly today)
    {
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        switch (cadence)
        {
            case BulletinCadence.Monthly:
                var start = firstOfMonth.AddMonths(-1);
                return new BulletinPeriod(cadence, start, firstOfMonth.AddDays(-1));
            case BulletinCadence.Quarterly:
                var quarterStart = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
                return new BulletinPeriod(cadence, quarterStart.AddMonths(-3), quarterStart.AddDays(-1));
            default:
                throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "Unknown bulletin cadence.");
        }
    }

    /// <summary>1–12 for a month, 1–4 for a quarter.</summary>
    public int Ordinal => Cadence == BulletinCadence.Monthly ? Start.Month : ((Start.Month - 1) / 3) + 1;

    /// <summary>Whether an instant's local day falls inside the period.</summary>
    public bool Contains(DateOnly day) => day >= Start && day <= End;
}
