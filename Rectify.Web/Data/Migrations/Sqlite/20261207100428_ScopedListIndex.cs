using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScopedListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_ResponsibleOrganizationId_Category_Status",
                table: "RectificationItems",
                columns: new[] { "ResponsibleOrganizationId", "Category", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_ResponsibleOrganizationId_Category_Status",
                table: "RectificationItems");
        }
    }
}
