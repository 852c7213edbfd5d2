using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecurrenceSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RecurrenceOfItemId",
                table: "RectificationItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RecurrenceDismissals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EarlierItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DismissedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    DismissedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecurrenceDismissals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecurrenceDismissals_RectificationItems_EarlierItemId",
                        column: x => x.EarlierItemId,
                        principalTable: "RectificationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RecurrenceDismissals_RectificationItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "RectificationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RectificationItems_RecurrenceOfItemId",
                table: "RectificationItems",
                column: "RecurrenceOfItemId");

            migrationBuilder.CreateIndex(
                name: "IX_RecurrenceDismissals_EarlierItemId",
                table: "RecurrenceDismissals",
                column: "EarlierItemId");

            migrationBuilder.CreateIndex(
                name: "IX_RecurrenceDismissals_ItemId_EarlierItemId",
                table: "RecurrenceDismissals",
                columns: new[] { "ItemId", "EarlierItemId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_RectificationItems_RectificationItems_RecurrenceOfItemId",
                table: "RectificationItems",
                column: "RecurrenceOfItemId",
                principalTable: "RectificationItems",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_RectificationItems_RectificationItems_RecurrenceOfItemId",
                table: "RectificationItems");

            migrationBuilder.DropTable(
                name: "RecurrenceDismissals");

            migrationBuilder.DropIndex(
                name: "IX_RectificationItems_RecurrenceOfItemId",
                table: "RectificationItems");

            migrationBuilder.DropColumn(
                name: "RecurrenceOfItemId",
                table: "RectificationItems");
        }
    }
}
