namespace Rectify.Domain.Ledger;

/// <summary>整改时限</summary>
public enum DeadlineType
{
    /// <summary>立行立改: fix now, a short deadline.</summary>
    Immediate = 0,
    /// <summary>限期整改: a date.</summary>
    ByDate = 1,
    /// <summary>长期坚持: no end date; progress is due every reporting period.</summary>
    LongTerm = 2,
}

/// <summary>How often a 长期坚持 item must report progress.</summary>
public enum ReportingPeriod
{
    Monthly = 0,
    Quarterly = 1,
    HalfYearly = 2,
}
