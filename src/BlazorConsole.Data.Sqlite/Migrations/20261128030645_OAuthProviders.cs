using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorConsole.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OAuthProviders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OAuthServices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ServiceAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ApiUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AuthorizeUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TokenUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClientSecretProtected = table.Column<string>(type: "TEXT", nullable: false),
                    CallbackAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OwnerUserId = table.Column<string>(type: "TEXT", nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OAuthServices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OAuthServices_AspNetUsers_OwnerUserId",
                        column: x => x.OwnerUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OAuthAuthorizations",
                columns: table => new
                {
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CodeVerifierProtected = table.Column<string>(type: "TEXT", nullable: true),
                    RedirectUri = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OAuthAuthorizations", x => x.Nonce);
                    table.ForeignKey(
                        name: "FK_OAuthAuthorizations_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OAuthAuthorizations_OAuthServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "OAuthServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OAuthBindings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderUserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProviderLogin = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    AccessTokenProtected = table.Column<string>(type: "TEXT", nullable: false),
                    RefreshTokenProtected = table.Column<string>(type: "TEXT", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    GrantedScopes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RedirectUri = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    BoundAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RefreshedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OAuthBindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OAuthBindings_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OAuthBindings_OAuthServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "OAuthServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OAuthAuthorizations_ExpiresAt",
                table: "OAuthAuthorizations",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_OAuthAuthorizations_ServiceId",
                table: "OAuthAuthorizations",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_OAuthAuthorizations_UserId",
                table: "OAuthAuthorizations",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_OAuthBindings_ServiceId",
                table: "OAuthBindings",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_OAuthBindings_UserId_ServiceId",
                table: "OAuthBindings",
                columns: new[] { "UserId", "ServiceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OAuthServices_OwnerUserId",
                table: "OAuthServices",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_OAuthServices_Scope_OwnerUserId",
                table: "OAuthServices",
                columns: new[] { "Scope", "OwnerUserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OAuthAuthorizations");

            migrationBuilder.DropTable(
                name: "OAuthBindings");

            migrationBuilder.DropTable(
                name: "OAuthServices");
        }
    }
}
