using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorConsole.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReleaseArtifactKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "ArtifactDirectory",
                table: "Releases",
                newName: "ArtifactLocation");

            // Every release before this column ran a directory (the buildpacks' output): the default fills them in.
            migrationBuilder.AddColumn<string>(
                name: "ArtifactKind",
                table: "Releases",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Directory");

            migrationBuilder.AddColumn<string>(
                name: "DockerTarget",
                table: "Components",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DockerfilePath",
                table: "Components",
                type: "TEXT",
                maxLength: 260,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Runtime",
                table: "Components",
                type: "TEXT",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ArtifactKind",
                table: "Releases");

            migrationBuilder.DropColumn(
                name: "DockerTarget",
                table: "Components");

            migrationBuilder.DropColumn(
                name: "DockerfilePath",
                table: "Components");

            migrationBuilder.DropColumn(
                name: "Runtime",
                table: "Components");

            migrationBuilder.RenameColumn(
                name: "ArtifactLocation",
                table: "Releases",
                newName: "ArtifactDirectory");
        }
    }
}
