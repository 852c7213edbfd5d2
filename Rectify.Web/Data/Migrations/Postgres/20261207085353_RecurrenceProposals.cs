using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecurrenceProposals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecurrenceProposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    EarlierItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    FoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecurrenceProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecurrenceProposals_RectificationItems_EarlierItemId",
                        column: x => x.EarlierItemId,
                        principalTable: "RectificationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RecurrenceProposals_RectificationItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "RectificationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecurrenceProposals_EarlierItemId",
                table: "RecurrenceProposals",
                column: "EarlierItemId");

            migrationBuilder.CreateIndex(
                name: "IX_RecurrenceProposals_ItemId_EarlierItemId",
                table: "RecurrenceProposals",
                columns: new[] { "ItemId", "EarlierItemId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecurrenceProposals");
        }
    }
}
