using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rectify.Web.Data;

/// <summary>
/// Per-connection SQLite settings (decision 0051): SQLite keeps them per connection, not in the file, and its defaults are
/// made for small devices (a 2 MB page cache, no memory mapping, temporary b-trees on disk). Applied once per native
/// connection: Microsoft.Data.Sqlite pools the native handle, and EF opens and closes the pooled connection around every query.
/// </summary>
public sealed class SqliteConnectionSettings(int cacheMegabytes, int mmapMegabytes) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _applied = [];

    /// <summary>The PRAGMAs, in the order they are run.</summary>
    public string Sql { get; } = string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA cache_size = -{cacheMegabytes * 1024L}; PRAGMA mmap_size = {mmapMegabytes * 1024L * 1024L}; PRAGMA temp_store = MEMORY;");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || _applied.TryGetValue(handle, out _))
        {
            return;
        }

        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = Sql;
            command.ExecuteNonQuery();
        }

        _applied.AddOrUpdate(handle, handle);
    }
}
