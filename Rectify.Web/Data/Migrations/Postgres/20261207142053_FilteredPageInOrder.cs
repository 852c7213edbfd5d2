using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FilteredPageInOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_Status_Category",
                table: "RectificationItems");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_Status_Category",
                table: "RectificationItems",
                columns: new[] { "Status", "Category", "NoDueDate", "DueDate", "Number", "ProblemListId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_Status_Category",
                table: "RectificationItems");

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_Status_Category",
                table: "RectificationItems",
                columns: new[] { "Status", "Category", "ProblemListId", "NoDueDate", "DueDate", "Number" });
        }
    }
}
