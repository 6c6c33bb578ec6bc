using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorConsole.Data.Postgres.Migrations
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
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Directory");

            migrationBuilder.AddColumn<string>(
                name: "DockerTarget",
                table: "Components",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DockerfilePath",
                table: "Components",
                type: "character varying(260)",
                maxLength: 260,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Runtime",
                table: "Components",
                type: "character varying(40)",
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
