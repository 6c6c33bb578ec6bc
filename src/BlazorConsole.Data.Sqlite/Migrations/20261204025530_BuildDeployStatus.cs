using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorConsole.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BuildDeployStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeployStatus",
                table: "Builds",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            // Builds deployed before the column existed said how in their detail: keep their outcome.
            migrationBuilder.Sql("""UPDATE "Builds" SET "DeployStatus" = 'Deployed' WHERE "Status" = 'Succeeded' AND "StatusDetail" LIKE 'deployed as release #%'""");
            migrationBuilder.Sql("""UPDATE "Builds" SET "DeployStatus" = 'Failed' WHERE "Status" = 'Succeeded' AND ("StatusDetail" LIKE 'built, but the deploy failed%' OR "StatusDetail" LIKE 'built; the deploy was cut off%')""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeployStatus",
                table: "Builds");
        }
    }
}
