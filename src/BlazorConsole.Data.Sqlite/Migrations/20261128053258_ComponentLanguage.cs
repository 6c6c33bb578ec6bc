using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorConsole.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ComponentLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DetectedLanguage",
                table: "Components",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DetectedLanguageEvidence",
                table: "Components",
                type: "TEXT",
                maxLength: 260,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LanguageDetectedAt",
                table: "Components",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LanguageDetectedCommitSha",
                table: "Components",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LanguageOverride",
                table: "Components",
                type: "TEXT",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DetectedLanguage",
                table: "Components");

            migrationBuilder.DropColumn(
                name: "DetectedLanguageEvidence",
                table: "Components");

            migrationBuilder.DropColumn(
                name: "LanguageDetectedAt",
                table: "Components");

            migrationBuilder.DropColumn(
                name: "LanguageDetectedCommitSha",
                table: "Components");

            migrationBuilder.DropColumn(
                name: "LanguageOverride",
                table: "Components");
        }
    }
}
