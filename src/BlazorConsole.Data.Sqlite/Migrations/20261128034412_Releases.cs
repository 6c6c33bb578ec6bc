using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorConsole.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Releases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ComponentVariables",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ComponentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    IsSecret = table.Column<bool>(type: "INTEGER", nullable: false),
                    ValueProtected = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComponentVariables", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComponentVariables_Components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "Components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Releases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ComponentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BuildId = table.Column<long>(type: "INTEGER", nullable: false),
                    ArtifactDirectory = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    StartCommand = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Runtime = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IsCurrent = table.Column<bool>(type: "INTEGER", nullable: false),
                    DesiredRunning = table.Column<bool>(type: "INTEGER", nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HealthLog = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    StatusDetail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Releases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Releases_Components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "Components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComponentVariables_ComponentId_Name",
                table: "ComponentVariables",
                columns: new[] { "ComponentId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Releases_ComponentId_Id",
                table: "Releases",
                columns: new[] { "ComponentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Releases_IsCurrent_DesiredRunning",
                table: "Releases",
                columns: new[] { "IsCurrent", "DesiredRunning" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComponentVariables");

            migrationBuilder.DropTable(
                name: "Releases");
        }
    }
}
