using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvidenceBlobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EvidenceBlobs",
                columns: table => new
                {
                    StorageKey = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Complete = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvidenceBlobs", x => x.StorageKey);
                });

            migrationBuilder.CreateTable(
                name: "EvidenceBlobChunks",
                columns: table => new
                {
                    StorageKey = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvidenceBlobChunks", x => new { x.StorageKey, x.Index });
                    table.ForeignKey(
                        name: "FK_EvidenceBlobChunks_EvidenceBlobs_StorageKey",
                        column: x => x.StorageKey,
                        principalTable: "EvidenceBlobs",
                        principalColumn: "StorageKey",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvidenceBlobChunks");

            migrationBuilder.DropTable(
                name: "EvidenceBlobs");
        }
    }
}
