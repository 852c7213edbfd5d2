using System.ComponentModel.DataAnnotations;

namespace Rectify.Web.Hosting;

/// <summary>The "Database" section: which provider, and its connection string (SQLite defaults to DataFolder/rectify.db).</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string? ConnectionString { get; set; }

    /// <summary>SQLite only: the page cache of each pooled connection, in MB (SQLite's default is 2 MB; decision 0051).</summary>
    [Range(1, 4096)]
    public int SqliteCacheMegabytes { get; set; } = 64;

    /// <summary>SQLite only: how much of the database file each connection reads through memory mapping, in MB (0: none; decision 0051).</summary>
    [Range(0, 65536)]
    public int SqliteMmapMegabytes { get; set; } = 2048;

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
