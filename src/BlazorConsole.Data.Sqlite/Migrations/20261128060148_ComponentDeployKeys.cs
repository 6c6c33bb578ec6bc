using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorConsole.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ComponentDeployKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeployKeyCreatedAt",
                table: "Components",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeployKeyPrivateProtected",
                table: "Components",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeployKeyPublic",
                table: "Components",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeployKeyCreatedAt",
                table: "Components");

            migrationBuilder.DropColumn(
                name: "DeployKeyPrivateProtected",
                table: "Components");

            migrationBuilder.DropColumn(
                name: "DeployKeyPublic",
                table: "Components");
        }
    }
}
