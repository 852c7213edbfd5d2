using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rectify.Web.Auditing;

/// <summary>
/// Audit entries for administration changes the domain does not audit itself (organisations, user accounts), in the same
/// shape as the domain's: compact JSON of the changed fields before and after.
/// </summary>
public static class AdminAudit
{
    public const string Organization = "Organization";
    public const string User = "User";

    public const string OrganizationCreated = "organization.created";
    public const string OrganizationRenamed = "organization.renamed";
    public const string OrganizationMoved = "organization.moved";
    public const string OrganizationDeactivated = "organization.deactivated";
    public const string OrganizationActivated = "organization.activated";

    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserAssignmentsChanged = "user.assignments_changed";
    public const string UserDeactivated = "user.deactivated";
    public const string UserActivated = "user.activated";
    public const string UserPasswordReset = "user.password_reset";
    public const string UserUnlocked = "user.unlocked";

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static AuditEntry Entry(
        string entityType, string entityId, string action, Actor actor, DateTimeOffset at,
        IReadOnlyDictionary<string, object?>? before, IReadOnlyDictionary<string, object?>? after, string? comment = null) => new()
        {
            EntityType = entityType,
            EntityId = entityId,
            Action = action,
            ActorId = actor.UserId,
            ActorName = actor.DisplayName,
            At = at,
            Before = before is { Count: > 0 } ? JsonSerializer.Serialize(before, Json) : null,
            After = after is { Count: > 0 } ? JsonSerializer.Serialize(after, Json) : null,
            Comment = comment,
        };

    /// <summary>Only the fields whose values differ, as (before, after).</summary>
    public static (Dictionary<string, object?> Before, Dictionary<string, object?> After) Diff(
        IReadOnlyDictionary<string, object?> before, IReadOnlyDictionary<string, object?> after)
    {
        var b = new Dictionary<string, object?>();
        var a = new Dictionary<string, object?>();
        foreach (var (key, value) in after)
        {
            before.TryGetValue(key, out var old);
            if (!Same(old, value))
            {
                b[key] = old;
                a[key] = value;
            }
        }

        return (b, a);
    }

    private static bool Same(object? x, object? y) =>
        JsonSerializer.Serialize(x, Json) == JsonSerializer.Serialize(y, Json);
}
