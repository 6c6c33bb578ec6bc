using System.Security.Claims;
using BlazorConsole.Data;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Pipeline.Events;
using BlazorConsole.Web.Auth;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using BlazorConsole.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using BlazorConsole.Application.Auditing;
using BlazorConsole.Application.Teams;
using BlazorConsole.Application.Tokens;

namespace BlazorConsole.ComponentTests.Infrastructure;

/// <summary>
/// bUnit with the console's real services and policies over an in-memory SQLite database (migrated),
/// MudBlazor set up as the gotchas require: loose JS interop, MudServices, providers rendered, async disposal.
/// </summary>
public abstract class ConsoleComponentTest : BunitContext, IAsyncLifetime
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly TestAuthenticationStateProvider authentication = new();

    protected ConsoleComponentTest()
    {
        connection.Open();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddDbContextFactory<ConsoleDbContext>(options => options.UseConsoleSqlite(connection));
        Services.AddSingleton<AuditTrail>();
        Services.AddSingleton<TeamService>();
        Services.AddSingleton<ApiTokenService>();
        Services.AddSingleton<BlazorConsole.Application.Builds.BuildQueries>();
        Services.AddInProcessEventStream();
        Services.AddSingleton<BlazorConsole.Web.Features.Components.ComponentEvents>();

        // The real policies and team handler, not bUnit's fake authorization.
        Services.AddAuthorizationCore();
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        new AuthorizationBuilder(Services).AddConsolePolicies();
        Services.AddSingleton<IAuthorizationHandler, TeamRoleAuthorizationHandler>();
        Services.AddSingleton<AuthenticationStateProvider>(authentication);
        Services.AddCascadingAuthenticationState();
    }

    public async Task InitializeAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>Creates an account row (and optionally a team membership) and signs the test in as it.</summary>
    protected async Task<string> SignInAsync(string email, bool platformAdmin = false, params (string Team, TeamRole Role)[] memberships)
    {
        var userId = Guid.NewGuid().ToString();
        await using var db = await Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        db.Users.Add(new ConsoleUser { Id = userId, Email = email, UserName = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() });
        foreach (var (slug, role) in memberships)
        {
            var team = await db.Teams.FirstOrDefaultAsync(t => t.Slug == slug);
            if (team is null)
            {
                team = new Team { Slug = slug, DisplayName = "Team " + slug, CreatedAt = DateTimeOffset.UtcNow };
                db.Teams.Add(team);
            }

            team.Members.Add(new TeamMember { TeamId = team.Id, UserId = userId, Role = role, JoinedAt = DateTimeOffset.UtcNow });
        }

        await db.SaveChangesAsync();

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId), new(ClaimTypes.Name, email) };
        if (platformAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, ConsoleRoles.PlatformAdmin));
        }

        authentication.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
        return userId;
    }

    private sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
    }
}
