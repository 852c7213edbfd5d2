using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SqliteKeptCountOrganizationIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ItemCounts_Dimension_OrganizationId_Status_Key",
                table: "ItemCounts");

            migrationBuilder.CreateIndex(
                name: "IX_ItemCounts_Organization_Covering",
                table: "ItemCounts",
                columns: new[] { "Dimension", "OrganizationId", "Status", "Key", "Source", "Count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ItemCounts_Organization_Covering",
                table: "ItemCounts");

            migrationBuilder.CreateIndex(
                name: "IX_ItemCounts_Dimension_OrganizationId_Status_Key",
                table: "ItemCounts",
                columns: new[] { "Dimension", "OrganizationId", "Status", "Key" });
        }
    }
}
