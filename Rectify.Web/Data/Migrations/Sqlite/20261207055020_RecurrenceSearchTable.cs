using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecurrenceSearchTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Recurrence search (docs/decisions/0028): an FTS5 table with the trigram tokenizer over the items' descriptions,
            // with its own copy of the text and the item's id (not external content keyed by rowid: RectificationItems has a
            // TEXT key, and its implicit rowids may change in a VACUUM or a table rebuild). Triggers keep it in step; a later
            // migration that rebuilds RectificationItems drops them (hence a migration of its own, after the rebuild that
            // RecurrenceSearch's foreign key needed), which RecurrenceSearchTests notices.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ItemSearch" USING fts5("ItemId" UNINDEXED, "Description", tokenize = 'trigram');
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ItemSearch" ("ItemId", "Description") SELECT "Id", "Description" FROM "RectificationItems";
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ItemSearch_Insert" AFTER INSERT ON "RectificationItems" BEGIN
                    INSERT INTO "ItemSearch" ("ItemId", "Description") VALUES (new."Id", new."Description");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ItemSearch_Update" AFTER UPDATE OF "Description" ON "RectificationItems"
                WHEN old."Description" IS NOT new."Description" BEGIN
                    DELETE FROM "ItemSearch" WHERE "ItemId" = old."Id";
                    INSERT INTO "ItemSearch" ("ItemId", "Description") VALUES (new."Id", new."Description");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ItemSearch_Delete" AFTER DELETE ON "RectificationItems" BEGIN
                    DELETE FROM "ItemSearch" WHERE "ItemId" = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemSearch_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemSearch_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemSearch_Insert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "ItemSearch";""");
        }
    }
}
