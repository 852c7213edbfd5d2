using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScopedCountsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ItemCounts_Dimension_OrganizationId_Status_Key",
                table: "ItemCounts",
                columns: new[] { "Dimension", "OrganizationId", "Status", "Key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ItemCounts_Dimension_OrganizationId_Status_Key",
                table: "ItemCounts");
        }
    }
}
