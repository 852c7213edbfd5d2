using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rectify.Web.Data.Generator;

/// <summary>
/// Inserts many entities with multi-row INSERT statements on the context's own connection and transaction, bypassing the change
/// tracker. Tables, columns and value conversions come from the EF model (the same type mappings SaveChanges uses), so the rows
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
        // SQLite: one prepared single-row INSERT (no round trips to save, and Microsoft.Data.Sqlite binds parameters by name with a
        // lookup that grows with the parameter count). PostgreSQL: multi-row INSERTs, to save round trips.
        var perStatement = db.Database.IsSqlite() ? 1 : Math.Max(1, Math.Min(1000, 30_000 / table.Columns.Count));
        var full = rows.Count / perStatement * perStatement;
        if (full > 0)
        {
            await ExecuteAsync(table, rows, 0, full, perStatement, shadow, cancellationToken);
        }

        if (full < rows.Count)
        {
            await ExecuteAsync(table, rows, full, rows.Count - full, rows.Count - full, shadow, cancellationToken);
        }
    }

    private async Task ExecuteAsync<T>(Table table, IReadOnlyList<T> rows, int start, int count, int perStatement, Func<T, string, object?>? shadow, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 600;
        command.CommandText = table.InsertSql(perStatement);
        var parameters = new DbParameter[perStatement * table.Columns.Count];
        for (var p = 0; p < parameters.Length; p++)
        {
            var column = table.Columns[p % table.Columns.Count];
            parameters[p] = column.Mapping.CreateParameter(command, "@p" + p, null, column.Property.IsNullable);
            command.Parameters.Add(parameters[p]);
        }

        await command.PrepareAsync(cancellationToken);
        for (var offset = start; offset < start + count; offset += perStatement)
        {
            var p = 0;
            for (var r = offset; r < offset + perStatement; r++)
            {
                var row = rows[r];
                foreach (var column in table.Columns)
                {
                    var value = column.Property.IsShadowProperty()
                        ? shadow?.Invoke(row, column.Property.Name)
                        : column.Getter!.GetClrValueUsingContainingEntity(row);
                    if (value is not null && column.Mapping.Converter is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    parameters[p++].Value = value ?? DBNull.Value;
                }
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
        public string InsertSql(int rows)
        {
            var text = new StringBuilder("INSERT INTO ").Append(Name).Append(" (")
                .AppendJoin(", ", Columns.Select(c => Sql.DelimitIdentifier(c.Name))).Append(") VALUES ");
            var p = 0;
            for (var r = 0; r < rows; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Columns.Count; c++)
                {
                    text.Append(c == 0 ? "@p" : ", @p").Append(p++);
                }

                text.Append(')');
            }

            return text.ToString();
        }
    }
}
