namespace Rectify.Domain.Ledger;

/// <summary>Chinese names of <see cref="ReportingPeriod"/>: 每月, 每季度, 每半年 (TryParse also accepts 按月/月度, 按季度/季度, 半年).</summary>
public static class ReportingPeriodNames
{
    private static readonly NameTable<ReportingPeriod> _table = new(
        new()
        {
            [ReportingPeriod.Monthly] = "每月",
            [ReportingPeriod.Quarterly] = "每季度",
            [ReportingPeriod.HalfYearly] = "每半年",
        },
        ("按月", ReportingPeriod.Monthly),
        ("月度", ReportingPeriod.Monthly),
        ("按季度", ReportingPeriod.Quarterly),
        ("季度", ReportingPeriod.Quarterly),
        ("半年", ReportingPeriod.HalfYearly),
        ("按半年", ReportingPeriod.HalfYearly));

    public static string Name(ReportingPeriod period) => _table.Name(period);

    public static bool TryParse(string? text, out ReportingPeriod period)
    {
        var ok = _table.TryParse(text, out var value);
        period = value.GetValueOrDefault();
        return ok;
    }

    /// <summary>The day the next report is due after <paramref name="from"/>.</summary>
    public static DateOnly After(this ReportingPeriod period, DateOnly from) => period switch
    {
        ReportingPeriod.Monthly => from.AddMonths(1),
        ReportingPeriod.Quarterly => from.AddMonths(3),
        ReportingPeriod.HalfYearly => from.AddMonths(6),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };
}
