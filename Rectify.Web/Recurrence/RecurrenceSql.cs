namespace Rectify.Web.Recurrence;

/// <summary>
/// Names of the database objects the recurrence search reads (docs/decisions/0028). SQLite: the FTS5 table
/// <see cref="SqliteSearchTable"/> (trigram tokenizer) holding each item's id and description, kept in step with
/// RectificationItems by three triggers created in the migration RecurrenceSearch. PostgreSQL: a GIN pg_trgm index on the
/// description, declared in the model (<see cref="Data.PostgresRectifyDbContext"/>).
/// </summary>
public static class RecurrenceSql
{
    public const string SqliteSearchTable = "ItemSearch";

    public const string PostgresTrigramIndex = "IX_RectificationItems_Description_Trgm";
}
