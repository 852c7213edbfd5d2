using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rectify.Domain.Auditing;

/// <summary>Collects changed fields and renders them as the compact JSON of <see cref="AuditRecord.Before"/>/<see cref="AuditRecord.After"/>.</summary>
internal sealed class AuditChanges
{
    private static readonly JsonSerializerOptions _json = new()
    {
        // Keep Chinese text readable in the stored row.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Dictionary<string, object?> _before = [];
    private readonly Dictionary<string, object?> _after = [];

    public bool IsEmpty => _before.Count == 0 && _after.Count == 0;

    /// <summary>Records the field only when the value actually changes.</summary>
    public AuditChanges Change<T>(string field, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            _before[field] = before;
            _after[field] = after;
        }

        return this;
    }

    /// <summary>A value that is new (nothing to compare with), e.g. the text of a progress report.</summary>
    public AuditChanges Added<T>(string field, T value)
    {
        _after[field] = value;
        return this;
    }

    public string? BeforeJson => _before.Count == 0 ? null : JsonSerializer.Serialize(_before, _json);

    public string? AfterJson => _after.Count == 0 ? null : JsonSerializer.Serialize(_after, _json);
}
