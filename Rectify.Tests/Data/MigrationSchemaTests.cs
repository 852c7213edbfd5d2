using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Rectify.Tests.Support;
using Rectify.Web.Data;

namespace Rectify.Tests.Data;

/// <summary>
/// The migrations (written by dotnet-ef, one set per provider) are proven three ways: a migrated empty database has exactly
/// the schema the model creates; the model snapshot matches the model (no schema change was left without its migration);
/// and a database created before dotnet-ef took over (TestData/Migrations, frozen) upgrades to the newest migration keeping
/// its rows.
/// </summary>
public class MigrationSchemaTests
{
    private const string FirstMigration = "20261122000000_Initial";

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

    /// <summary>Fails when the model was changed without `dotnet ef migrations add` for SQLite (see RectifyDbContext).</summary>
    [Fact]
    public void Sqlite_model_has_no_changes_without_a_migration()
    {
        using var db = Sqlite("unused.db");
        db.Database.HasPendingModelChanges().ShouldBeFalse(
            "the model differs from Data/Migrations/Sqlite's snapshot: add a migration for SQLite (command on RectifyDbContext)");
    }

    /// <summary>Fails when the model was changed without `dotnet ef migrations add` for PostgreSQL (see RectifyDbContext).</summary>
    [Fact]
    public void Postgres_model_has_no_changes_without_a_migration()
    {
        using var db = Postgres("Host=127.0.0.1;Database=unused");
        db.Database.HasPendingModelChanges().ShouldBeFalse(
            "the model differs from Data/Migrations/Postgres's snapshot: add a migration for PostgreSQL (command on RectifyDbContext)");
    }

    [Fact]
    public async Task Sqlite_migrations_are_all_applied_and_none_pending()
    {
        using var folder = new TempFolder();
        await using var db = Sqlite(folder.File("rectify.db"));
        await db.Database.MigrateAsync();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).First().ShouldBe(FirstMigration);
    }

    [Fact]
    public async Task Sqlite_database_created_before_dotnet_ef_upgrades_keeping_its_rows()
    {
        using var folder = new TempFolder();
        await using var existing = Sqlite(folder.File("existing.db"));
        var createdAt = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero).UtcTicks;
        await ExecuteAsync(existing.Database.GetDbConnection(), await FixtureAsync("sqlite") + $"""
            INSERT INTO "Organizations" ("Name", "Level", "ParentId", "IsActive") VALUES ('市委办公室', 1, NULL, 1);
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "OrganizationId", "IsTopLeader", "IsActive", "CreatedAt", "ReceiveDueSoonMail",
                "ReceiveSummaryMail", "UserName", "NormalizedUserName", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled",
                "LockoutEnabled", "AccessFailedCount")
                VALUES ('u1', '张书记', 1, 1, 1, {createdAt}, 1, 1, 'zhang', 'ZHANG', 0, 0, 0, 1, 0);
            INSERT INTO "ProblemLists" ("Id", "Title", "Source", "Date", "IssuingOrganizationId", "CreatedBy", "CreatedAt")
                VALUES ('{ListId.ToString().ToUpperInvariant()}', '巡察反馈问题', 0, '2026-11-20', 1, 'u1', {createdAt});
            INSERT INTO "RectificationItems" ("Id", "ProblemListId", "Number", "Description", "Category", "ResponsibleOrganizationId",
                "OwnerId", "LeaderId", "DeadlineType", "Deadline", "Status", "CreatedAt", "CreatedOn", "CreatedBy", "Version", "DueDate")
                VALUES ('{ItemId.ToString().ToUpperInvariant()}', '{ListId.ToString().ToUpperInvariant()}', '1', '学习制度不落实', '党的建设', 1,
                'u1', 'u1', 0, '2026-12-31', 0, {createdAt}, '2026-11-30', 'u1', 1, '2026-12-31');
            INSERT INTO "AuditEntries" ("EntityType", "EntityId", "Action", "ActorId", "ActorName", "At")
                VALUES ('Item', '{ItemId}', 'Created', 'u1', '张书记', {createdAt});
            INSERT INTO "DataProtectionKeys" ("FriendlyName", "Xml") VALUES ('key-1', '<key id="1" />');
            """);

        await existing.Database.MigrateAsync();

        await ShouldHaveKeptRowsAndReachedTheLatestSchemaAsync(existing);
        await using var fresh = Sqlite(folder.File("fresh.db"));
        await fresh.Database.MigrateAsync();
        (await SchemaSnapshot.SqliteAsync(existing.Database.GetDbConnection()))
            .ShouldBe(await SchemaSnapshot.SqliteAsync(fresh.Database.GetDbConnection()));
    }

    [Fact]
    public async Task Postgres_database_created_before_dotnet_ef_upgrades_keeping_its_rows()
    {
        await using var existing = Postgres(await PostgresServer.CreateDatabaseAsync("existing"));
        await ExecuteAsync(existing.Database.GetDbConnection(), await FixtureAsync("postgres") + $"""
            INSERT INTO "Organizations" ("Name", "Level", "ParentId", "IsActive") VALUES ('市委办公室', 1, NULL, TRUE);
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "OrganizationId", "IsTopLeader", "IsActive", "CreatedAt", "ReceiveDueSoonMail",
                "ReceiveSummaryMail", "UserName", "NormalizedUserName", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled",
                "LockoutEnabled", "AccessFailedCount")
                VALUES ('u1', '张书记', 1, TRUE, TRUE, '2026-11-30 08:00:00+00', TRUE, TRUE, 'zhang', 'ZHANG', FALSE, FALSE, FALSE, TRUE, 0);
            INSERT INTO "ProblemLists" ("Id", "Title", "Source", "Date", "IssuingOrganizationId", "CreatedBy", "CreatedAt")
                VALUES ('{ListId}', '巡察反馈问题', 0, '2026-11-20', 1, 'u1', '2026-11-30 08:00:00+00');
            INSERT INTO "RectificationItems" ("Id", "ProblemListId", "Number", "Description", "Category", "ResponsibleOrganizationId",
                "OwnerId", "LeaderId", "DeadlineType", "Deadline", "Status", "CreatedAt", "CreatedOn", "CreatedBy", "Version", "DueDate")
                VALUES ('{ItemId}', '{ListId}', '1', '学习制度不落实', '党的建设', 1,
                'u1', 'u1', 0, '2026-12-31', 0, '2026-11-30 08:00:00+00', '2026-11-30', 'u1', 1, '2026-12-31');
            INSERT INTO "AuditEntries" ("EntityType", "EntityId", "Action", "ActorId", "ActorName", "At")
                VALUES ('Item', '{ItemId}', 'Created', 'u1', '张书记', '2026-11-30 08:00:00+00');
            INSERT INTO "DataProtectionKeys" ("FriendlyName", "Xml") VALUES ('key-1', '<key id="1" />');
            """);

        await existing.Database.MigrateAsync();

        await ShouldHaveKeptRowsAndReachedTheLatestSchemaAsync(existing);
        await using var fresh = Postgres(await PostgresServer.CreateDatabaseAsync("migrated"));
        await fresh.Database.MigrateAsync();
        (await SchemaSnapshot.PostgresAsync(existing.Database.GetDbConnection()))
            .ShouldBe(await SchemaSnapshot.PostgresAsync(fresh.Database.GetDbConnection()));
    }

    private static readonly Guid ListId = Guid.Parse("6f0c1f5e-9a51-4c1e-8f55-0d3a1b2c3d41");
    private static readonly Guid ItemId = Guid.Parse("0b7e2a9c-3d44-4b6a-9e21-5c6d7e8f9a02");

    private static async Task ShouldHaveKeptRowsAndReachedTheLatestSchemaAsync(RectifyDbContext db)
    {
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).First().ShouldBe(FirstMigration);
        (await db.Organizations.AsNoTracking().SingleAsync()).Name.ShouldBe("市委办公室");
        (await db.Users.AsNoTracking().SingleAsync()).DisplayName.ShouldBe("张书记");
        var list = await db.ProblemLists.AsNoTracking().SingleAsync();
        (list.Id, list.Title).ShouldBe((ListId, "巡察反馈问题"));
        var item = await db.Items.AsNoTracking().SingleAsync();
        (item.Id, item.Number, item.Description, item.DueDate).ShouldBe((ItemId, "1", "学习制度不落实", new DateOnly(2026, 12, 31)));
        (await db.AuditEntries.AsNoTracking().SingleAsync()).ActorName.ShouldBe("张书记");
        (await db.Database.SqlQueryRaw<string>("SELECT \"Xml\" AS \"Value\" FROM \"DataProtectionKeys\"").ToListAsync())
            .ShouldBe(["<key id=\"1\" />"]);
    }

    private static Task<string> FixtureAsync(string provider) =>
        File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "Migrations", $"{provider}-{FirstMigration}.sql"));

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        await connection.CloseAsync();
    }
}
