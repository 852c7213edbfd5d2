using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rectify.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GroupRobots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Mail");

            migrationBuilder.CreateTable(
                name: "GroupRobots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProtectedAddress = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AddressHint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    PostBulletins = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupRobots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GroupRobots_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GroupRobots_OrganizationId",
                table: "GroupRobots",
                column: "OrganizationId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GroupRobots");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "OutboxMessages");
        }
    }
}
