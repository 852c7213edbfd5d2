using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Rectify.Tests.Support;

/// <summary>Query plans of the app's SQLite statements, for the tests that check which index a statement reads.</summary>
internal static class SqlitePlans
{
    /// <summary>
    /// EXPLAIN QUERY PLAN of EF's SQL for SQLite: ToQueryString's ".param set NAME VALUE" lines are bound, then the statement;
    /// a statement without them (as captured from EF's log) is planned with its parameters unbound (NULL).
    /// </summary>
    public static async Task<string> PlanAsync(Rectify.Web.Data.RectifyDbContext db, string queryString)
    {
        var lines = queryString.Split('\n');
        await db.Database.OpenConnectionAsync();
        await using var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line[".param set ".Length..].Split(' ', 2);
            var value = parts[1].Trim();
            command.Parameters.AddWithValue(parts[0], value.StartsWith('\'') ? value.Trim('\'') : long.Parse(value, CultureInfo.InvariantCulture));
        }

        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param set ", StringComparison.Ordinal)));
        var details = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            details.Add(reader.GetString(3));
        }

        return string.Join(" | ", details);
    }
}
