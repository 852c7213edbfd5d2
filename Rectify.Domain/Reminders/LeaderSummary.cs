using System.Globalization;
using Rectify.Domain.Ledger;

namespace Rectify.Domain.Reminders;

/// <summary>The periodic summary (整改通报) for leaders: totals, per-organisation ranking by closing rate, the overdue list.</summary>
/// <param name="AsOf">The day the figures are counted on (overdue means the deadline is before this day).</param>
/// <param name="Total">All items.</param>
/// <param name="Closed">已销号 items.</param>
/// <param name="Overdue">Items not closed or signed off whose deadline has passed.</param>
/// <param name="Organizations">One row per organisation, ranked by closing rate (highest first; organisations without items last).</param>
/// <param name="OverdueItems">The overdue items, most days overdue first, then by number.</param>
public sealed record LeaderSummary(
    DateOnly AsOf,
    int Total,
    int Closed,
    int Overdue,
    IReadOnlyList<OrganizationSummary> Organizations,
    IReadOnlyList<OverdueSummaryLine> OverdueItems)
{
    /// <summary>销号率 over all items, percent with one decimal; null when there are no items.</summary>
    public decimal? ClosingRatePercent => ClosingRate.Percent(Closed, Total);

    /// <summary>"85.7%", or "—" when there are no items.</summary>
    public string ClosingRateText => ClosingRate.Text(ClosingRatePercent);
}

/// <summary>One organisation's row in the summary.</summary>
/// <param name="OrganizationName">Null for an organisation missing from the names the summary was built with.</param>
public sealed record OrganizationSummary(int OrganizationId, string? OrganizationName, int Total, int Closed, int Overdue)
{
    /// <summary>销号率 = closed / total, percent with one decimal (half away from zero); null when the organisation has no items.</summary>
    public decimal? ClosingRatePercent => ClosingRate.Percent(Closed, Total);

    /// <summary>"85.7%", or "—" when the organisation has no items.</summary>
    public string ClosingRateText => ClosingRate.Text(ClosingRatePercent);
}

/// <summary>One overdue item in the summary.</summary>
/// <param name="OrganizationName">Null for an organisation missing from the names the summary was built with.</param>
public sealed record OverdueSummaryLine(
    Guid ItemId,
    string Number,
    string Title,
    int OrganizationId,
    string? OrganizationName,
    DateOnly Deadline,
    int DaysOverdue,
    string OwnerId,
    string LeaderId);

/// <summary>销号率 as the 通报 prints it.</summary>
public static class ClosingRate
{
    public static decimal? Percent(int closed, int total) =>
        total <= 0 ? null : Math.Round(100m * closed / total, 1, MidpointRounding.AwayFromZero);

    public static string Text(decimal? percent) =>
        percent is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}

/// <summary>Builds the <see cref="LeaderSummary"/> and its subject line; pure, like the reminder policy.</summary>
public static class LeaderSummaryBuilder
{
    /// <summary>
    /// Counts the given items (the job passes the items the leader may see) as of <paramref name="asOf"/>. Closed means
    /// 已销号; overdue means not closed or signed off, 立行立改/限期整改, deadline before <paramref name="asOf"/> (the deadline
    /// day itself is not overdue; 长期坚持 items have no deadline). Every organisation in <paramref name="organizationNames"/>
    /// gets a row, even without items; an organisation missing from the map has no name (null): the reader's text shows its id.
    /// </summary>
    public static LeaderSummary Build(
        IEnumerable<ReminderItem> items,
        DateOnly asOf,
        IReadOnlyDictionary<int, string> organizationNames)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(organizationNames);
        var all = items.ToList();

        string? NameOf(int id) => organizationNames.GetValueOrDefault(id);

        var overdueItems = all
            .Where(i => IsOverdue(i, asOf))
            .Select(i => new OverdueSummaryLine(
                i.ItemId,
                i.Number,
                i.Title,
                i.ResponsibleOrganizationId,
                NameOf(i.ResponsibleOrganizationId),
                i.Deadline!.Value,
                asOf.DayNumber - i.Deadline!.Value.DayNumber,
                i.OwnerId,
                i.LeaderId))
            .OrderByDescending(l => l.DaysOverdue)
            .ThenBy(l => l.Number, ItemNumberComparer.Instance)
            .ThenBy(l => l.ItemId)
            .ToList();

        var organizations = organizationNames.Keys
            .Union(all.Select(i => i.ResponsibleOrganizationId))
            .Select(id =>
            {
                var own = all.Where(i => i.ResponsibleOrganizationId == id).ToList();
                return new OrganizationSummary(
                    id,
                    NameOf(id),
                    own.Count,
                    own.Count(i => i.Status == ItemStatus.Closed),
                    own.Count(i => IsOverdue(i, asOf)));
            })
            .OrderBy(o => o.ClosingRatePercent is null)
            .ThenByDescending(o => o.ClosingRatePercent)
            .ThenBy(o => o.Overdue)
            .ThenBy(o => o.OrganizationId)
            .ToList();

        return new LeaderSummary(
            asOf,
            all.Count,
            all.Count(i => i.Status == ItemStatus.Closed),
            overdueItems.Count,
            organizations,
            overdueItems);
    }

    private static bool IsOverdue(ReminderItem item, DateOnly asOf) =>
        item.Status is not (ItemStatus.Closed or ItemStatus.SignedOff)
        && item.DeadlineType != DeadlineType.LongTerm
        && item.Deadline is { } deadline
        && deadline < asOf;
}
