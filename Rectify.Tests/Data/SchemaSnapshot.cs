using System.Data.Common;

namespace Rectify.Tests.Data;

/// <summary>
/// A database's schema as sorted lines (tables, columns with type and nullability, keys, indexes, foreign keys), so two
/// databases can be compared with a readable difference. Migration history tables are left out.
/// </summary>
public static class SchemaSnapshot
{
    public static async Task<List<string>> SqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock') ORDER BY name");
        // The recurrence search's FTS5 table (and its shadow tables) exist only through the migration's raw SQL, not in the
        // model: RecurrenceSearchTests checks them and their triggers.
        tables.RemoveAll(t => t[0].StartsWith("ItemSearch", StringComparison.Ordinal));
        foreach (var row in tables)
        {
            var table = row[0];
            lines.Add($"table {table}");
            foreach (var c in await QueryAsync(connection, $"SELECT name, upper(type), \"notnull\", pk, ifnull(dflt_value, '') FROM pragma_table_info('{table}')"))
            {
                lines.Add($"column {table}.{c[0]} {c[1]} notnull={c[2]} pk={c[3]} default={c[4]}");
            }

            foreach (var ix in await QueryAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')"))
            {
                var cols = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{ix[0]}') ORDER BY seqno");
                // Auto-indexes of primary keys carry generated names; identify them by their columns instead.
                var name = ix[0].StartsWith("sqlite_autoindex_", StringComparison.Ordinal) ? "(auto)" : ix[0];
                lines.Add($"index {table} {name} unique={ix[1]} origin={ix[2]} partial={ix[3]} ({string.Join(",", cols.Select(x => x[0]))})");
            }

            foreach (var fk in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
            {
                lines.Add($"fk {table}.{fk[1]} -> {fk[0]}.{fk[2]} on delete {fk[3]}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<List<string>> PostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        const string excluded = "('__EFMigrationsHistory', '__EFMigrationsLock')";
        foreach (var c in await QueryAsync(connection, $"""
            SELECT table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length::text, ''),
                   coalesce(column_default, ''), is_identity
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN {excluded}
            """))
        {
            lines.Add($"column {c[0]}.{c[1]} {c[2]} nullable={c[3]} max={c[4]} default={c[5]} identity={c[6]}");
        }

        foreach (var ix in await QueryAsync(connection, $"SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN {excluded}"))
        {
            lines.Add($"index {ix[0]} {ix[1]} {ix[2]}");
        }

        foreach (var con in await QueryAsync(connection, $"""
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('"__EFMigrationsHistory"', '"__EFMigrationsLock"')
            """))
        {
            lines.Add($"constraint {con[0]} {con[1]} {con[2]}");
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }
}
