using System.Text.Json;
using Rectify.Web.Evidence;

namespace Rectify.Web.Auditing;

/// <summary>
/// An item's audit entries in the user's language: the action ("Audit.item.created" …) and the changed fields with names,
/// organisations and enum values resolved, long texts shortened. Internal ids (measureId …) are left out.
/// </summary>
public static class ItemAuditText
{
    private const int MaxValueLength = 80;

    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal)
    {
        "measureId", "progressReportId", "evidenceId", "extensionId", "contentType",
    };

    private static readonly HashSet<string> UserFields = new(StringComparer.Ordinal) { "ownerId", "leaderId", "signedOffBy", "requestedBy", "decidedBy" };

    public static string Action(IStringLocalizer<Text> text, string action) => Or(text, "Audit." + action, action);

    /// <summary>User ids named in the entry's values (owner, leader …), so their names can be loaded with the rest.</summary>
    public static IEnumerable<string> UserIdsIn(AuditEntry entry) =>
        Parse(entry.Before).Concat(Parse(entry.After))
            .Where(kv => UserFields.Contains(kv.Key) && kv.Value.ValueKind == JsonValueKind.String)
            .Select(kv => kv.Value.GetString()!)
            .Distinct(StringComparer.Ordinal);

    public static IReadOnlyList<AuditChangeLine> Changes(
        IStringLocalizer<Text> text, AuditEntry entry, Func<string?, string> userName, IReadOnlyDictionary<int, string> organizations, TimeZoneInfo zone)
    {
        var before = Parse(entry.Before);
        var after = Parse(entry.After);
        // A value that is new and empty (no remarks, no measure owner) says nothing.
        var fields = after.Keys.Concat(before.Keys).Distinct(StringComparer.Ordinal)
            .Where(f => !Hidden.Contains(f))
            .Where(f => before.ContainsKey(f) || after[f].ValueKind != JsonValueKind.Null);
        return fields.Select(f => new AuditChangeLine(
            f,
            Label(text, f),
            before.TryGetValue(f, out var b) ? Value(text, f, b, userName, organizations, zone) : null,
            after.TryGetValue(f, out var a) ? Value(text, f, a, userName, organizations, zone) : null)).ToList();
    }

    public static string Label(IStringLocalizer<Text> text, string field) => Or(text, "ItemDetail.Field." + field, field);

    private static string Or(IStringLocalizer<Text> text, string key, string fallback)
    {
        var found = text[key];
        return found.ResourceNotFound ? fallback : found.Value;
    }

    private static string Value(IStringLocalizer<Text> text, string field, JsonElement value, Func<string?, string> userName, IReadOnlyDictionary<int, string> organizations, TimeZoneInfo zone)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return text["ItemDetail.None"];
        }

        var raw = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        switch (field)
        {
            case "status" when Enum.TryParse<ItemStatus>(raw, out var status):
                return text.NameOf(status);
            case "deadlineType" when Enum.TryParse<DeadlineType>(raw, out var type):
                return text.NameOf(type);
            case "period" when Enum.TryParse<ReportingPeriod>(raw, out var period):
                return text.NameOf(period);
            case "responsibleOrganizationId" when int.TryParse(raw, CultureInfo.InvariantCulture, out var org):
                return organizations.GetValueOrDefault(org, raw);
            case "done" when bool.TryParse(raw, out var done):
                return text[done ? "ItemDetail.Yes" : "ItemDetail.No"];
            case "percent":
                return raw + "%";
            case "size" when long.TryParse(raw, CultureInfo.InvariantCulture, out var size):
                return EvidenceStore.SizeText(size);
            case var f when UserFields.Contains(f):
                return userName(raw) is { Length: > 0 } name ? name : raw;
        }

        if (value.ValueKind == JsonValueKind.String && raw.Length > 10 && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }

        return raw.Length > MaxValueLength ? raw[..MaxValueLength] + "…" : raw;
    }

    private static Dictionary<string, JsonElement> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
