using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Rectify.Web.Auditing;
using Rectify.Web.Data;

namespace Rectify.Generator;

/// <summary>
/// On both databases, the secondary indexes of the tables the generator fills are dropped before the load and built again from their
/// own definitions (pg_indexes.indexdef; sqlite_master.sql) afterwards: building an index once over a million rows is far cheaper than keeping it up
/// to date row by row, most of all for the trigram index of the recurrence search and the random keys of the audit hashes.
/// Primary keys and indexes behind a constraint stay (on SQLite: the automatic indexes, which have no SQL of their own); triggers
/// stay, so the kept counts and the search table fill as the rows arrive. SQLite builds an index from a sort as PostgreSQL does
/// (a 1,000,000-item run spent most of its time in row-by-row index updates; docs/performance.md). A run that fails midway leaves a database without those indexes, which
/// the generator would not fill again anyway (it refuses a non-empty ledger): generate into a new database.
/// </summary>
internal sealed class DeferredIndexes
{
    private static readonly Type[] Filled =
        [typeof(ProblemList), typeof(RectificationItem), typeof(Measure), typeof(ProgressReport), typeof(ExtensionRequest), typeof(SignOffDecision), typeof(AuditEntry)];

    private readonly List<(string Name, string Definition)> _dropped = [];

    public int Count => _dropped.Count;

    public static async Task<DeferredIndexes> DropAsync(RectifyDbContext db, CancellationToken cancellationToken)
    {
        var deferred = new DeferredIndexes();
        var tables = Filled.Select(t => db.Model.FindEntityType(t)?.GetTableName() ?? throw new InvalidOperationException($"{t.Name} is not mapped.")).ToArray();
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            if (db.Database.IsSqlite())
            {
                var names = string.Join(", ", tables.Select(t => "'" + t.Replace("'", "''", StringComparison.Ordinal) + "'"));
                command.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({names})";
            }
            else
            {
                command.CommandText = """
                    SELECT i.indexname, i.indexdef FROM pg_indexes i
                    WHERE i.schemaname = current_schema() AND i.tablename = ANY(@tables)
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
                    """;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "tables";
                parameter.Value = tables;
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                deferred._dropped.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in deferred._dropped)
        {
            await ExecuteAsync(db, $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken);
        }

        return deferred;
    }

    public async Task RestoreAsync(RectifyDbContext db, TextWriter? log, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await ExecuteAsync(db, "SET maintenance_work_mem = '512MB'", cancellationToken);
        }

        foreach (var (name, definition) in _dropped)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await ExecuteAsync(db, definition, cancellationToken);
            log?.WriteLine($"index {name} built again ({started.Elapsed.TotalSeconds:F1} s)");
        }
    }

    /// <summary>Runs SQL as it is (no placeholders: an index definition may contain braces), on the context's connection.</summary>
    private static async Task ExecuteAsync(RectifyDbContext db, string sql, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
