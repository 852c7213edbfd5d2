using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
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
                    Dimension = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
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

            // Kept counts (docs/decisions/0035): triggers keep "ItemCounts" in the transaction of every insert, update and delete
            // of an item, whoever writes it (EF, ExecuteDelete, the generator). Filled from the items first, so an existing
            // database is exact after the upgrade. This migration only adds tables and indexes: a table rebuild of
            // RectificationItems would drop these triggers and the recurrence search's (RecurrenceSearchTests notices).
            foreach (var (dimension, key, source, status) in Dimensions)
            {
                migrationBuilder.Sql($"""
                    INSERT INTO "ItemCounts" ("Dimension", "Key", "Source", "Status", "OrganizationId", "Count")
                    SELECT {dimension}, {Of(key, "i")}, {Of(source, "i")}, {Of(status, "i")}, i."ResponsibleOrganizationId", COUNT(*)
                    FROM "RectificationItems" AS i
                    GROUP BY 1, 2, 3, 4, 5;
                    """);
            }

            migrationBuilder.Sql($"""
                CREATE TRIGGER "ItemCounts_Insert" AFTER INSERT ON "RectificationItems" BEGIN
                    {Upsert("new", 1)}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "ItemCounts_Update" AFTER UPDATE ON "RectificationItems"
                WHEN old."ResponsibleOrganizationId" IS NOT new."ResponsibleOrganizationId" OR old."Status" IS NOT new."Status"
                    OR old."Category" IS NOT new."Category" OR old."ProblemListId" IS NOT new."ProblemListId"
                    OR old."DueDate" IS NOT new."DueDate" OR old."CreatedOn" IS NOT new."CreatedOn" BEGIN
                    {Upsert("old", -1)}
                    {Upsert("new", 1)}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "ItemCounts_Delete" AFTER DELETE ON "RectificationItems" BEGIN
                    {Upsert("old", -1)}
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemCounts_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemCounts_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ItemCounts_Insert";""");

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

        /// <summary>Each item is counted once per dimension (Rectify.Web/Ledger/CountDimension.cs): its key, source and status there, as SQL over a row alias "{0}".</summary>
        private static readonly (int Dimension, string Key, string Source, string Status)[] Dimensions =
        [
            (0, "{0}.\"Category\"", SourceOf, "{0}.\"Status\""),
            (1, "{0}.\"Category\"", "-1", "{0}.\"Status\""),
            (2, "''", SourceOf, "{0}.\"Status\""),
            (3, "COALESCE(substr({0}.\"DueDate\", 1, 7), '')", "-1", "{0}.\"Status\""),
            (4, "''", "-1", "{0}.\"Status\""),
            (5, "date({0}.\"CreatedOn\", 'weekday 0', '-6 days')", "-1", "-1"),
        ];

        private const string SourceOf = "(SELECT l.\"Source\" FROM \"ProblemLists\" AS l WHERE l.\"Id\" = {0}.\"ProblemListId\")";

        private static string Of(string template, string row) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, row);

        private static string Upsert(string row, int delta) => $"""
            INSERT INTO "ItemCounts" ("Dimension", "Key", "Source", "Status", "OrganizationId", "Count") VALUES
                {string.Join(",\n        ", Dimensions.Select(d => $"({d.Dimension}, {Of(d.Key, row)}, {Of(d.Source, row)}, {Of(d.Status, row)}, {row}.\"ResponsibleOrganizationId\", {delta})"))}
                ON CONFLICT ("Dimension", "Key", "Source", "Status", "OrganizationId") DO UPDATE SET "Count" = "Count" + excluded."Count";
            """;
    }
}
