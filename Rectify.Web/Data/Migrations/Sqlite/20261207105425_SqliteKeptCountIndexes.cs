using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SqliteKeptCountIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ItemCounts_Covering",
                table: "ItemCounts",
                columns: new[] { "Dimension", "Key", "Source", "Status", "OrganizationId", "Count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ItemCounts_Covering",
                table: "ItemCounts");
        }
    }
}
