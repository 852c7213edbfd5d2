using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresKeptOverdueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ItemCounts_Dimension_Status_Key",
                table: "ItemCounts",
                columns: new[] { "Dimension", "Status", "Key" })
                .Annotation("Npgsql:IndexInclude", new[] { "Count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ItemCounts_Dimension_Status_Key",
                table: "ItemCounts");
        }
    }
}
