using System.Text.RegularExpressions;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// 整改时限 as written in the ledger: a date (2026-12-31), 立行立改 with its date, or 长期坚持 with its reporting period;
/// and back from what users type into Excel (a date cell, 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日,
/// 立行立改, 立行立改（2026-12-01）, 长期坚持, 长期坚持（每季度）).
/// </summary>
public static partial class DeadlineText
{
    public static string Format(DeadlineType type, DateOnly? deadline, ReportingPeriod? period) => type switch
    {
        DeadlineType.LongTerm => $"{DeadlineTypeNames.Name(type)}（{ReportingPeriodNames.Name(period ?? ReportingPeriod.Monthly)}）",
        DeadlineType.Immediate => deadline is { } d ? $"{DeadlineTypeNames.Name(type)}（{Iso(d)}）" : DeadlineTypeNames.Name(type),
        _ => deadline is { } date ? Iso(date) : "",
    };

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The parsed deadline, or null with <paramref name="error"/> saying why (in <paramref name="text"/>'s language, for the
    /// import report). An empty cell is a dated deadline without its date: that one is required is the domain's rule.
    /// </summary>
    /// <param name="text">The requester's localizer.</param>
    /// <param name="value">The cell's text.</param>
    /// <param name="isNumber">The cell held a number: an Excel date serial.</param>
    /// <param name="immediateDefault">The deadline of a 立行立改 row without a date.</param>
    public static (DeadlineType Type, DateOnly? Deadline, ReportingPeriod? Period)? Parse(
        IStringLocalizer<Text> text, string? value, bool isNumber, DateOnly immediateDefault, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        value = value?.Trim() ?? "";
        if (value.Length == 0)
        {
            return (DeadlineType.ByDate, null, null);
        }

        if (isNumber)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
            {
                return (DeadlineType.ByDate, DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial))), null);
            }

            error = text["LedgerIO.Deadline.Unknown", value];
            return null;
        }

        var rest = value;
        DeadlineType? kind = null;
        foreach (var type in new[] { DeadlineType.Immediate, DeadlineType.LongTerm, DeadlineType.ByDate })
        {
            var name = DeadlineTypeNames.Name(type);
            if (rest.StartsWith(name, StringComparison.Ordinal))
            {
                kind = type;
                rest = rest[name.Length..].Trim().Trim('（', '）', '(', ')', '：', ':', '，', ',').Trim();
                break;
            }
        }

        if (kind == DeadlineType.LongTerm)
        {
            if (rest.Length == 0)
            {
                return (DeadlineType.LongTerm, null, ReportingPeriod.Monthly);
            }

            var periodText = rest.Replace("汇报", "", StringComparison.Ordinal).Replace("报告", "", StringComparison.Ordinal);
            if (ReportingPeriodNames.TryParse(periodText, out var period))
            {
                return (DeadlineType.LongTerm, null, period);
            }

            error = text["LedgerIO.Deadline.Period", rest];
            return null;
        }

        if (kind == DeadlineType.Immediate && rest.Length == 0)
        {
            return (DeadlineType.Immediate, immediateDefault, null);
        }

        if (TryDate(rest, out var date))
        {
            return (kind ?? DeadlineType.ByDate, date, null);
        }

        error = text["LedgerIO.Deadline.Unknown", value];
        return null;
    }

    private static bool TryDate(string text, out DateOnly date)
    {
        date = default;
        var match = DatePattern().Match(text);
        return match.Success
            && DateOnly.TryParseExact(
                $"{match.Groups[1].Value}-{int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture):00}-{int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture):00}",
                "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*前)?$")]
    private static partial Regex DatePattern();
}
