using Microsoft.AspNetCore.WebUtilities;
using Rectify.Domain.Reminders;

namespace Rectify.Web.Ledger;

/// <summary>An <see cref="ItemFilter"/> as URL query parameters, so an export link carries exactly the list's filter.</summary>
public static class ItemFilterQuery
{
    public static string ToQueryString(ItemFilter f)
    {
        var q = new Dictionary<string, string?>
        {
            ["status"] = f.Status?.ToString(),
            ["org"] = f.OrganizationId?.ToString(CultureInfo.InvariantCulture),
            ["leader"] = f.LeaderId,
            ["source"] = f.Source?.ToString(),
            ["category"] = f.Category,
            ["due"] = f.Due == DueFilter.All ? null : f.Due.ToString(),
            ["q"] = f.Text,
            ["list"] = f.ProblemListId?.ToString(),
            ["orgonly"] = f.OrganizationOnly && f.OrganizationId is not null ? "1" : null,
            ["newfrom"] = Day(f.CreatedFrom),
            ["newto"] = Day(f.CreatedTo),
            ["closedfrom"] = Day(f.ClosedFrom),
            ["closedto"] = Day(f.ClosedTo),
            ["recurrence"] = f.Recurrence ? "1" : null,
            ["remind"] = f.Reminder is not null && f.ReminderAt is not null ? f.Reminder.ToString() : null,
            ["at"] = f.Reminder is not null ? f.ReminderAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : null,
            ["sort"] = f.Sort == ItemSort.DueDate ? null : f.Sort.ToString(),
            ["desc"] = f.Descending ? "1" : null,
        };
        return QueryHelpers.AddQueryString("", q.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    /// <summary>Unknown or malformed values are ignored (the filter is a convenience, never a way to widen access).</summary>
    public static ItemFilter Parse(IQueryCollection q) => new()
    {
        Status = Enum.TryParse<ItemStatus>(q["status"], out var s) && Enum.IsDefined(s) ? s : null,
        OrganizationId = int.TryParse(q["org"], CultureInfo.InvariantCulture, out var o) ? o : null,
        LeaderId = string.IsNullOrWhiteSpace(q["leader"]) ? null : q["leader"].ToString(),
        Source = Enum.TryParse<ProblemSource>(q["source"], out var src) && Enum.IsDefined(src) ? src : null,
        Category = string.IsNullOrWhiteSpace(q["category"]) ? null : q["category"].ToString()[..Math.Min(50, q["category"].ToString().Length)],
        Due = Enum.TryParse<DueFilter>(q["due"], out var d) && Enum.IsDefined(d) ? d : DueFilter.All,
        Text = string.IsNullOrWhiteSpace(q["q"]) ? null : q["q"].ToString()[..Math.Min(100, q["q"].ToString().Length)],
        ProblemListId = Guid.TryParse(q["list"], out var l) ? l : null,
        OrganizationOnly = q["orgonly"] == "1",
        CreatedFrom = ParseDay(q["newfrom"]),
        CreatedTo = ParseDay(q["newto"]),
        ClosedFrom = ParseDay(q["closedfrom"]),
        ClosedTo = ParseDay(q["closedto"]),
        Recurrence = q["recurrence"] == "1",
        Reminder = Enum.TryParse<DigestSection>(q["remind"], out var r) && Enum.IsDefined(r) && ParseInstant(q["at"]) is not null ? r : null,
        ReminderAt = Enum.TryParse<DigestSection>(q["remind"], out var r2) && Enum.IsDefined(r2) ? ParseInstant(q["at"]) : null,
        Sort = Enum.TryParse<ItemSort>(q["sort"], out var so) && Enum.IsDefined(so) ? so : ItemSort.DueDate,
        Descending = q["desc"] == "1",
    };

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseInstant(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
