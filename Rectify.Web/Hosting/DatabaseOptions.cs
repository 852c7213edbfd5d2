using System.ComponentModel.DataAnnotations;

namespace Rectify.Web.Hosting;

/// <summary>The "Database" section: which provider, and its connection string (SQLite defaults to DataFolder/rectify.db).</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return new ValidationResult($"Database:Provider '{Provider}' is not supported; use Sqlite or Postgres.", [nameof(Provider)]);
        }
        else if (Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Database:Provider is Postgres but Database:ConnectionString is empty (e.g. Host=127.0.0.1;Database=rectify;Username=rectify;Password=…).",
                [nameof(ConnectionString)]);
        }
    }
}
