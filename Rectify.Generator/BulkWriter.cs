using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

using Rectify.Web.Data;

namespace Rectify.Generator;

/// <summary>
/// Inserts many entities on the context's own connection and transaction, bypassing the change tracker: PostgreSQL's binary COPY,
/// or one prepared INSERT per row on SQLite. Tables, columns and value conversions come from the EF model (the same type mappings SaveChanges uses), so the rows
/// are exactly what EF would have written. Only for the data generator: it skips SaveChanges' audit hook on purpose (the generator
/// writes the audit entries itself, sealed).
/// </summary>
internal sealed class BulkWriter(RectifyDbContext db)
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();
    private readonly Dictionary<Type, Table> _tables = [];

    /// <summary>Writes <paramref name="rows"/>; <paramref name="shadow"/> supplies shadow properties (e.g. a child's ItemId).</summary>
    public async Task InsertAsync<T>(IReadOnlyList<T> rows, Func<T, string, object?>? shadow = null, CancellationToken cancellationToken = default)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = TableFor(typeof(T));
        if (db.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            await CopyAsync(connection, table, rows, shadow, cancellationToken);
            return;
        }

        // SQLite: one prepared single-row INSERT (no round trips to save, and Microsoft.Data.Sqlite binds parameters by name with a
        // lookup that grows with the parameter count).
        await InsertRowsAsync(table, rows, shadow, cancellationToken);
    }

    /// <summary>
    /// PostgreSQL's binary COPY: the rows stream to the server in one command, in the connection's transaction. Each value goes
    /// with the column's store type without facets (e.g. "character varying"), after the model's value converter.
    /// </summary>
    private async Task CopyAsync<T>(NpgsqlConnection connection, Table table, IReadOnlyList<T> rows, Func<T, string, object?>? shadow, CancellationToken cancellationToken)
        where T : class
    {
        var copy = $"COPY {table.Name} ({string.Join(", ", table.Columns.Select(c => _sql.DelimitIdentifier(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in table.Columns)
            {
                var value = ValueOf(column, row, shadow);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, column.Mapping.StoreTypeNameBase, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static object? ValueOf<T>(Column column, T row, Func<T, string, object?>? shadow)
        where T : class
    {
        var value = column.Property.IsShadowProperty()
            ? shadow?.Invoke(row, column.Property.Name)
            : column.Getter!.GetClrValueUsingContainingEntity(row);
        return value is not null && column.Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    private async Task InsertRowsAsync<T>(Table table, IReadOnlyList<T> rows, Func<T, string, object?>? shadow, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 600;
        command.CommandText = table.InsertSql();
        var parameters = new DbParameter[table.Columns.Count];
        for (var p = 0; p < parameters.Length; p++)
        {
            var column = table.Columns[p];
            parameters[p] = column.Mapping.CreateParameter(command, "@p" + p, null, column.Property.IsNullable);
            command.Parameters.Add(parameters[p]);
        }

        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var p = 0; p < parameters.Length; p++)
            {
                parameters[p].Value = ValueOf(table.Columns[p], row, shadow) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private Table TableFor(Type type)
    {
        if (_tables.TryGetValue(type, out var table))
        {
            return table;
        }

        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.");
        var name = entity.GetTableName() ?? throw new InvalidOperationException($"{type.Name} has no table.");
        var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => p.GetComputedColumnSql() is null) // generated by the database (ItemOrder.NoDueDate)
            .Select(p => new Column(p, p.GetColumnName(store) ?? p.Name, (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        table = new Table(_sql.DelimitIdentifier(name, entity.GetSchema()), columns, _sql);
        _tables[type] = table;
        return table;
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping)
    {
        public IClrPropertyGetter? Getter { get; } = Property.IsShadowProperty() ? null : Property.GetGetter();
    }

    private sealed record Table(string Name, IReadOnlyList<Column> Columns, ISqlGenerationHelper Sql)
    {
        public string InsertSql() =>
            new StringBuilder("INSERT INTO ").Append(Name).Append(" (")
                .AppendJoin(", ", Columns.Select(c => Sql.DelimitIdentifier(c.Name))).Append(") VALUES (")
                .AppendJoin(", ", Columns.Select((_, p) => "@p" + p)).Append(')').ToString();
    }
}
