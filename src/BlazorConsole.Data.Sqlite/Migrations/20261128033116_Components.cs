using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorConsole.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Components : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Applications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Applications_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Components",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    GitUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OAuthServiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RepoFullName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    GitUsername = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    GitPasswordProtected = table.Column<string>(type: "TEXT", nullable: true),
                    Branch = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    RefPattern = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RequireApproval = table.Column<bool>(type: "INTEGER", nullable: false),
                    AutoBuild = table.Column<bool>(type: "INTEGER", nullable: false),
                    WebhookEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    TriggerKeyword = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    KeywordInAnyCommit = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowUnsigned = table.Column<bool>(type: "INTEGER", nullable: false),
                    WebhookSecretProtected = table.Column<string>(type: "TEXT", nullable: false),
                    ApiTriggerKeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProviderHookId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Components", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Components_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Components_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ComponentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ProviderDeliveryId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Ref = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CommitSha = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CommitTitle = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    OriginalDeliveryId = table.Column<long>(type: "INTEGER", nullable: true),
                    RedeliveryOfId = table.Column<long>(type: "INTEGER", nullable: true),
                    Verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    HeadersJson = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BodyLength = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveries_Components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "Components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Builds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ComponentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Ref = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CommitSha = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CommitMessage = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CommitAuthor = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CommitUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DeliveryId = table.Column<long>(type: "INTEGER", nullable: true),
                    RequestedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StatusDetail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Builds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Builds_Components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "Components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Builds_WebhookDeliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "WebhookDeliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveryBodies",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveryBodies", x => x.DeliveryId);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveryBodies_WebhookDeliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "WebhookDeliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Applications_TeamId_Name",
                table: "Applications",
                columns: new[] { "TeamId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Builds_ComponentId_Number",
                table: "Builds",
                columns: new[] { "ComponentId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Builds_DeliveryId",
                table: "Builds",
                column: "DeliveryId");

            migrationBuilder.CreateIndex(
                name: "IX_Builds_Status_Id",
                table: "Builds",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Components_ApplicationId",
                table: "Components",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_Components_TeamId_Name",
                table: "Components",
                columns: new[] { "TeamId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_ComponentId_Id",
                table: "WebhookDeliveries",
                columns: new[] { "ComponentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_ComponentId_ProviderDeliveryId",
                table: "WebhookDeliveries",
                columns: new[] { "ComponentId", "ProviderDeliveryId" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_ReceivedAt",
                table: "WebhookDeliveries",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Builds");

            migrationBuilder.DropTable(
                name: "WebhookDeliveryBodies");

            migrationBuilder.DropTable(
                name: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "Components");

            migrationBuilder.DropTable(
                name: "Applications");
        }
    }
}
