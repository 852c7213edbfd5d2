using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeptCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_ClosedAt",
                table: "RectificationItems");

            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_LeaderId",
                table: "RectificationItems");

            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_OwnerId",
                table: "RectificationItems");

            migrationBuilder.CreateTable(
                name: "ItemCounts",
                columns: table => new
                {
                    Dimension = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ItemCounts", x => new { x.Dimension, x.Key, x.Source, x.Status, x.OrganizationId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_ClosedAt_ResponsibleOrganizationId",
                table: "RectificationItems",
                columns: new[] { "ClosedAt", "ResponsibleOrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_LeaderId_ResponsibleOrganizationId",
                table: "RectificationItems",
                columns: new[] { "LeaderId", "ResponsibleOrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_OwnerId_ResponsibleOrganizationId",
                table: "RectificationItems",
                columns: new[] { "OwnerId", "ResponsibleOrganizationId" });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_Unfinished_DueDate_Organization",
                table: "RectificationItems",
                columns: new[] { "DueDate", "ResponsibleOrganizationId" },
                filter: "\"Status\" NOT IN (3, 4)");

            // Kept counts (docs/decisions/0035): statement-level triggers keep "ItemCounts" in the transaction of every insert,
            // update and delete of items, whoever writes them (EF, ExecuteDelete, the generator's multi-row inserts), adding up
            // the statement's changes per counted row first (transition tables). Rows are written in key order, so two
            // statements changing the same rows wait for each other instead of deadlocking. Filled from the items first, so an
            // existing database is exact after the upgrade.
            migrationBuilder.Sql(Apply("""SELECT 1 AS "Delta", * FROM "RectificationItems" """));
            migrationBuilder.Sql($"""
                CREATE FUNCTION "ItemCounts_Apply"() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        {Apply("""SELECT 1 AS "Delta", * FROM new_rows""")}
                    ELSIF TG_OP = 'UPDATE' THEN
                        {Apply("""SELECT -1 AS "Delta", * FROM old_rows UNION ALL SELECT 1, * FROM new_rows""")}
                    ELSE
                        {Apply("""SELECT -1 AS "Delta", * FROM old_rows""")}
                    END IF;
                    RETURN NULL;
                END;
                $body$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ItemCounts_Insert" AFTER INSERT ON "RectificationItems"
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "ItemCounts_Apply"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ItemCounts_Update" AFTER UPDATE ON "RectificationItems"
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "ItemCounts_Apply"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ItemCounts_Delete" AFTER DELETE ON "RectificationItems"
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "ItemCounts_Apply"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemCounts_Delete" ON "RectificationItems";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemCounts_Update" ON "RectificationItems";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemCounts_Insert" ON "RectificationItems";""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS "ItemCounts_Apply"();""");

            migrationBuilder.DropTable(
                name: "ItemCounts");

            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_ClosedAt_ResponsibleOrganizationId",
                table: "RectificationItems");

            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_LeaderId_ResponsibleOrganizationId",
                table: "RectificationItems");

            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_OwnerId_ResponsibleOrganizationId",
                table: "RectificationItems");

            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_Unfinished_DueDate_Organization",
                table: "RectificationItems");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_ClosedAt",
                table: "RectificationItems",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_LeaderId",
                table: "RectificationItems",
                column: "LeaderId");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_OwnerId",
                table: "RectificationItems",
                column: "OwnerId");
        }

        /// <summary>
        /// Adds the changes of <paramref name="changes"/> (item rows with a "Delta" of 1 or -1) to the kept counts: each item is
        /// counted once per dimension (Rectify.Web/Ledger/CountDimension.cs) with its key, source and status there.
        /// </summary>
        private static string Apply(string changes) => $"""
            INSERT INTO "ItemCounts" ("Dimension", "Key", "Source", "Status", "OrganizationId", "Count")
            SELECT d."Dimension", d."Key", d."Source", d."Status", c."ResponsibleOrganizationId", SUM(c."Delta")::integer
            FROM ({changes}) AS c
            JOIN "ProblemLists" AS l ON l."Id" = c."ProblemListId"
            CROSS JOIN LATERAL (VALUES
                (0, c."Category"::text, l."Source", c."Status"),
                (1, c."Category"::text, -1, c."Status"),
                (2, ''::text, l."Source", c."Status"),
                (3, COALESCE(to_char(c."DueDate", 'YYYY-MM'), ''), -1, c."Status"),
                (4, ''::text, -1, c."Status"),
                (5, to_char(date_trunc('week', c."CreatedOn"::timestamp), 'YYYY-MM-DD'), -1, -1)
            ) AS d("Dimension", "Key", "Source", "Status")
            GROUP BY d."Dimension", d."Key", d."Source", d."Status", c."ResponsibleOrganizationId"
            HAVING SUM(c."Delta") <> 0
            ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT ("Dimension", "Key", "Source", "Status", "OrganizationId")
            DO UPDATE SET "Count" = "ItemCounts"."Count" + EXCLUDED."Count";
            """;
    }
}
