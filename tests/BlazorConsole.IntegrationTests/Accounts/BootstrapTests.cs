using System.Net;
using System.Text.Json;
using BlazorConsole.Data;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.Accounts;

public class BootstrapTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Health_endpoint_reports_ready_once_migrated()
    {
        var response = await factory.CreateNoRedirectClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        // One console: it is its own replica and holds every singleton's lease.
        var replicaId = health.GetProperty("replicaId").GetString();
        Assert.False(string.IsNullOrEmpty(replicaId));
        var leases = health.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToList();
        Assert.Contains("replica:" + replicaId, leases);
        Assert.Contains("release-reconciler", leases);
        Assert.Contains("delivery-retention", leases);
        if (factory.Database == BlazorConsole.Data.DatabaseProvider.Sqlite)
        {
            Assert.True(File.Exists(Path.Combine(factory.DataDir, "console.db")), "The database lives under Console:DataDir.");
        }
        else
        {
            Assert.NotEmpty(await factory.WithDbAsync(db => Task.FromResult(db.Database.GetAppliedMigrations().ToList())));
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(factory.DataDir, "keys"), "key-*.xml"));
    }

    [Fact]
    public async Task Bootstrap_admin_is_platform_admin_and_admin_of_the_default_team()
    {
        var (isAdmin, role) = await factory.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == ConsoleFactory.AdminEmail);
            var adminRoleId = await db.Roles.Where(r => r.Name == ConsoleRoles.PlatformAdmin).Select(r => r.Id).SingleAsync();
            var inRole = await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && ur.RoleId == adminRoleId);
            var membership = await db.TeamMembers.SingleAsync(m => m.UserId == user.Id && db.Teams.Any(t => t.Id == m.TeamId && t.Slug == Team.DefaultSlug));
            return (inRole, membership.Role);
        });

        Assert.True(isAdmin);
        Assert.Equal(TeamRole.Admin, role);
    }

    [Fact]
    public async Task Bootstrap_token_is_stored_hashed_and_lists_the_default_team()
    {
        var response = await factory.CreateApiClient(ConsoleFactory.AdminToken).GetAsync("/api/v1/teams");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var teams = await response.ReadJsonAsync();
        var team = Assert.Single(teams.EnumerateArray(), t => t.GetProperty("name").GetString() == "default");
        Assert.Equal("Admin", team.GetProperty("myRole").GetString());

        var stored = await factory.WithDbAsync(db => db.ApiTokens.Select(t => new { t.Hash, t.Prefix }).ToListAsync());
        Assert.DoesNotContain(stored, t => t.Hash.Contains(ConsoleFactory.AdminToken, StringComparison.Ordinal));
        Assert.Contains(stored, t => ConsoleFactory.AdminToken.StartsWith(t.Prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bootstrap_is_audited()
    {
        var actions = await factory.WithDbAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.BootstrapAdminCreated, actions);
    }

    [Fact]
    public async Task Setup_page_refuses_once_an_admin_exists()
    {
        var html = await factory.CreateNoRedirectClient().GetStringAsync("/setup");
        Assert.Contains("Setup is complete", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Create administrator", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api_and_its_bearer_scheme()
    {
        var response = await factory.CreateNoRedirectClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/teams", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }
}
