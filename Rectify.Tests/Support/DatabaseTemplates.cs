using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rectify.Web.Data;

namespace Rectify.Tests.Support;

/// <summary>
/// One database per provider with every migration applied, made once per test run; the apps of <see cref="RectifyFactory"/>
/// start on a copy of it (SQLite: the file copied; PostgreSQL: <c>CREATE DATABASE … TEMPLATE</c>) instead of migrating an
/// empty database each time. The copy holds the schema and the migrations history only: the app still runs its initializer,
/// finds nothing to migrate, and seeds. Tests of migrating itself (<c>MigrationSchemaTests</c>, the app processes and
/// <see cref="TestApp"/>) still start from empty databases.
/// </summary>
public static class DatabaseTemplates
{
    private static readonly Lazy<string> Sqlite = new(CreateSqlite, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Task<string>> Postgres = new(CreatePostgresAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the migrated SQLite database to <paramref name="file"/> unless a file is there already.</summary>
    public static void CopySqliteTo(string file)
    {
        if (!File.Exists(file))
        {
            File.Copy(Sqlite.Value, file);
        }
    }

    /// <summary>The name of the migrated PostgreSQL template database on <see cref="PostgresServer"/>.</summary>
    public static Task<string> PostgresTemplateAsync() => Postgres.Value;

    private static string CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"rectify-template-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort at exit.
            }
        };

        var file = Path.Combine(folder, "rectify.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        using (var db = new SqliteRectifyDbContext(new DbContextOptionsBuilder<SqliteRectifyDbContext>().UseSqlite(connectionString).Options))
        {
            // As DatabaseInitializer does; closing the last connection checkpoints the WAL into the file, which is then copied alone.
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            db.Database.Migrate();
        }

        File.Exists(file + "-wal").ShouldBeFalse("the template's WAL is checkpointed before it is copied");
        return file;
    }

    private static async Task<string> CreatePostgresAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("rectify_template");
        // Unpooled: no connection may stay open on a template while databases are created from it.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        await using (var db = new PostgresRectifyDbContext(new DbContextOptionsBuilder<PostgresRectifyDbContext>().UseNpgsql(unpooled).Options))
        {
            await db.Database.MigrateAsync();
        }

        return new NpgsqlConnectionStringBuilder(connectionString).Database!;
    }
}
