using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProgressSubmissionId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ItemVersion",
                table: "ProgressReports",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SubmissionId",
                table: "ProgressReports",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgressReports_SubmissionId_ItemId",
                table: "ProgressReports",
                columns: new[] { "SubmissionId", "ItemId" },
                unique: true,
                filter: "\"SubmissionId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProgressReports_SubmissionId_ItemId",
                table: "ProgressReports");

            migrationBuilder.DropColumn(
                name: "ItemVersion",
                table: "ProgressReports");

            migrationBuilder.DropColumn(
                name: "SubmissionId",
                table: "ProgressReports");
        }
    }
}
