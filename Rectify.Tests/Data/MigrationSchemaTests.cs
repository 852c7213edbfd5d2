using Microsoft.EntityFrameworkCore;
using Rectify.Tests.Support;
using Rectify.Web.Data;

namespace Rectify.Tests.Data;

/// <summary>
/// Without EF's Design package there is no model snapshot, so the migrations are proven instead: a database built by the
/// migrations must have exactly the schema that the model creates (tables, columns, types, nullability, keys, indexes, FKs).
/// </summary>
public class MigrationSchemaTests
{
    private static SqliteRectifyDbContext Sqlite(string file) =>
        new(new DbContextOptionsBuilder<SqliteRectifyDbContext>().UseSqlite($"Data Source={file}").Options);

    private static PostgresRectifyDbContext Postgres(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresRectifyDbContext>().UseNpgsql(connectionString).Options);

    [Fact]
    public async Task Postgres_migrations_create_exactly_the_models_schema()
    {
        await using var migrated = Postgres(await PostgresServer.CreateDatabaseAsync("migrated"));
        await migrated.Database.MigrateAsync();
        await using var created = Postgres(await PostgresServer.CreateDatabaseAsync("created"));
        await created.Database.EnsureCreatedAsync();

        var fromMigrations = await SchemaSnapshot.PostgresAsync(migrated.Database.GetDbConnection());
        var fromModel = await SchemaSnapshot.PostgresAsync(created.Database.GetDbConnection());

        fromMigrations.Except(fromModel).ShouldBeEmpty("in the migrated database but not in the model");
        fromModel.Except(fromMigrations).ShouldBeEmpty("in the model but not in the migrated database");
        fromModel.ShouldContain(l => l.StartsWith("column RectificationItems.Version integer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_migrations_create_exactly_the_models_schema()
    {
        using var folder = new TempFolder();
        await using var migrated = Sqlite(folder.File("migrated.db"));
        await migrated.Database.MigrateAsync();
        await using var created = Sqlite(folder.File("created.db"));
        await created.Database.EnsureCreatedAsync();

        var fromMigrations = await SchemaSnapshot.SqliteAsync(migrated.Database.GetDbConnection());
        var fromModel = await SchemaSnapshot.SqliteAsync(created.Database.GetDbConnection());

        fromMigrations.Except(fromModel).ShouldBeEmpty("in the migrated database but not in the model");
        fromModel.Except(fromMigrations).ShouldBeEmpty("in the model but not in the migrated database");
        fromModel.ShouldContain(l => l.StartsWith("table AspNetUsers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_migrations_are_all_applied_and_none_pending()
    {
        using var folder = new TempFolder();
        await using var db = Sqlite(folder.File("rectify.db"));
        await db.Database.MigrateAsync();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldNotBeEmpty();
    }

    /// <summary>A tool, not a check: regenerates the initial migration when RECTIFY_WRITE_MIGRATIONS=1 (before the first release only).</summary>
    [Fact]
    public void Write_initial_migrations()
    {
        if (Environment.GetEnvironmentVariable("RECTIFY_WRITE_MIGRATIONS") != "1")
        {
            return;
        }

        var root = FindRepositoryRoot();
        using var folder = new TempFolder();
        using var sqlite = Sqlite(folder.File("gen.db"));
        File.WriteAllText(
            Path.Combine(root, "Rectify.Web/Data/Migrations/Sqlite/20261122000000_Initial.cs"),
            MigrationCodeGenerator.Generate(sqlite, "Rectify.Web.Data.Migrations.Sqlite", "Initial", "20261122000000_Initial"));
        using var postgres = Postgres("Host=127.0.0.1;Database=unused");
        File.WriteAllText(
            Path.Combine(root, "Rectify.Web/Data/Migrations/Postgres/20261122000000_Initial.cs"),
            MigrationCodeGenerator.Generate(postgres, "Rectify.Web.Data.Migrations.Postgres", "Initial", "20261122000000_Initial"));
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Rectify.sln not found above the test output.");
    }
}
