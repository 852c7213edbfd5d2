using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImportRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ImportRunId",
                table: "RectificationItems",
                type: "uuid",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Sha256",
                table: "ImportRecords",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<bool>(
                name: "CreatedList",
                table: "ImportRecords",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HeartbeatAt",
                table: "ImportRecords",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "ImportRecords",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Runs recorded before this migration were all completed (State 0); their heartbeat is their start.
            migrationBuilder.Sql("UPDATE \"ImportRecords\" SET \"HeartbeatAt\" = \"ImportedAt\";");
            // The defaults only filled the existing rows; the model has none (MigrationSchemaTests).
            migrationBuilder.Sql("ALTER TABLE \"ImportRecords\" ALTER COLUMN \"CreatedList\" DROP DEFAULT, ALTER COLUMN \"HeartbeatAt\" DROP DEFAULT, ALTER COLUMN \"State\" DROP DEFAULT;");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_ImportRunId",
                table: "RectificationItems",
                column: "ImportRunId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportRecords_State",
                table: "ImportRecords",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_ImportRunId",
                table: "RectificationItems");

            migrationBuilder.DropIndex(
                name: "IX_ImportRecords_State",
                table: "ImportRecords");

            migrationBuilder.DropColumn(
                name: "ImportRunId",
                table: "RectificationItems");

            migrationBuilder.DropColumn(
                name: "CreatedList",
                table: "ImportRecords");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "ImportRecords");

            migrationBuilder.DropColumn(
                name: "State",
                table: "ImportRecords");

            migrationBuilder.AlterColumn<string>(
                name: "Sha256",
                table: "ImportRecords",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);
        }
    }
}
