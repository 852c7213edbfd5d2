using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Sha256",
                table: "ImportRecords",
                type: "TEXT",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<bool>(
                name: "CreatedList",
                table: "ImportRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "HeartbeatAt",
                table: "ImportRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "ImportRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Runs recorded before this migration were all completed (State 0); their heartbeat is their start.
            migrationBuilder.Sql("UPDATE \"ImportRecords\" SET \"HeartbeatAt\" = \"ImportedAt\";");

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
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 64,
                oldNullable: true);
        }
    }
}
