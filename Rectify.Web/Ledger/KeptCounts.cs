namespace Rectify.Web.Ledger;

/// <summary>
/// Reads of the counts the database keeps per organisation (<see cref="ItemCount"/>, decision 0035). A user's figures are
/// the kept counts of the organisations in their scope plus a direct count of the items they are named on outside them
/// (<see cref="ItemQueries.NamedOutsideAsync"/>); counts that depend on today (overdue, due soon) add a direct count of the
/// days the kept counts cannot know: this month so far and the coming warning days.
/// </summary>
public static class KeptCounts
{
    /// <summary>Statuses of unfinished items (neither signed off nor closed).</summary>
    public static readonly int[] Unfinished = [(int)ItemStatus.Open, (int)ItemStatus.InProgress, (int)ItemStatus.AwaitingSignOff];

    private static readonly int[] AllStatuses = Enum.GetValues<ItemStatus>().Select(s => (int)s).ToArray();

    /// <summary>The key of <see cref="CountDimension.DueMonth"/> rows for the month of <paramref name="date"/>.</summary>
    public static string MonthKey(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The key of <see cref="CountDimension.CreatedWeek"/> rows for the week starting on <paramref name="monday"/>.</summary>
    public static string WeekKey(DateOnly monday) => monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The kept rows of one dimension, within <paramref name="organizations"/> (null: all), without rows counted down to 0.</summary>
    public static IQueryable<ItemCount> Rows(RectifyDbContext db, CountDimension dimension, IReadOnlyCollection<int>? organizations)
    {
        var rows = db.Set<ItemCount>().AsNoTracking().Where(c => c.Dimension == dimension && c.Count != 0);
        return organizations is null ? rows : rows.Where(c => organizations.Contains(c.OrganizationId));
    }

    /// <summary>The organisations of the user's scope (null: the whole ledger).</summary>
    public static IReadOnlyCollection<int>? Organizations(AccessContext access)
    {
        var scope = ItemAccess.ReadScope(access.Actor, access.Organizations);
        return scope.All ? null : scope.OrganizationIds.ToList();
    }

    /// <summary>
    /// The number of items the list shows for <paramref name="filter"/>, from the kept counts, or null when the filter narrows
    /// by something they do not keep (text, leader, problem list, dates, recurrences; a category or source with overdue/due
    /// soon). Which filters they cover is an allow-list: a filter added to <see cref="ItemFilter"/> later is counted directly
    /// until it is taught here.
    /// </summary>
    public static async Task<int?> TotalAsync(
        RectifyDbContext db, AccessContext access, ResolvedScope scope, ItemFilter filter, LedgerClock clock, ItemQueries items, CancellationToken cancellationToken)
    {
        var category = string.IsNullOrWhiteSpace(filter.Category) ? null : filter.Category;
        var source = filter.Source is { } s ? (int)s : (int?)null;
        var covered = new ItemFilter
        {
            Status = filter.Status, OrganizationId = filter.OrganizationId, OrganizationOnly = filter.OrganizationOnly, Source = filter.Source,
            Category = filter.Category, Due = filter.Due, Sort = filter.Sort, Descending = filter.Descending, Page = filter.Page, PageSize = filter.PageSize,
        };
        if (filter != covered || (filter.Due is DueFilter.Overdue or DueFilter.DueSoon && (category is not null || source is not null)))
        {
            return null;
        }

        var organizations = Organizations(access);
        if (filter.OrganizationId is { } org)
        {
            List<int> chosen = filter.OrganizationOnly ? [org] : access.Organizations.SelfAndDescendantsOf(org).ToList();
            organizations = organizations is null ? chosen : chosen.Where(organizations.Contains).ToList();
        }

        int[] statuses = filter.Status is { } status ? [(int)status] : AllStatuses;
        if (filter.Due != DueFilter.All)
        {
            statuses = statuses.Intersect(Unfinished).ToArray();
        }

        var today = clock.Today;
        int kept;
        if (filter.Due is DueFilter.Overdue or DueFilter.DueSoon)
        {
            var (from, to) = filter.Due == DueFilter.Overdue
                ? (new DateOnly(today.Year, today.Month, 1), today.AddDays(-1))
                : (today, today.AddDays(clock.WarnDays));
            kept = await DueBetween(db, organizations, from, to).CountAsync(i => statuses.Contains((int)i.Status), cancellationToken);
            if (filter.Due == DueFilter.Overdue)
            {
                var month = MonthKey(today);
                kept += await Rows(db, CountDimension.DueMonth, organizations)
                    .Where(c => statuses.Contains(c.Status) && c.Key != ItemCount.NoKey && string.Compare(c.Key, month) < 0)
                    .SumAsync(c => c.Count, cancellationToken);
            }
        }
        else
        {
            var rows = category is null && source is null
                ? Rows(db, CountDimension.Status, organizations)
                : Rows(db, CountDimension.CategorySource, organizations)
                    .Where(c => (category == null || c.Key == category) && (source == null || c.Source == source));
            if (statuses.Length < AllStatuses.Length)
            {
                rows = rows.Where(c => statuses.Contains(c.Status));
            }

            kept = await rows.SumAsync(c => c.Count, cancellationToken);
        }

        // The items named on the user outside their organisations: none to count for most users (decision 0047).
        var outside = scope.NamedOutside is { Count: 0 } ? null : items.NamedOutside(db, scope);
        return outside is null ? kept : kept + await items.Narrowed(db, access, outside, filter).CountAsync(cancellationToken);
    }

    /// <summary>Unfinished items of <paramref name="organizations"/> (null: all) due from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static IQueryable<RectificationItem> DueBetween(RectifyDbContext db, IReadOnlyCollection<int>? organizations, DateOnly from, DateOnly to)
    {
        var items = db.Items.AsNoTracking()
            .Where(ItemPredicates.Unfinished).Where(i => i.DueDate >= from && i.DueDate <= to);
        return organizations is null ? items : items.Where(i => organizations.Contains(i.ResponsibleOrganizationId));
    }
}
