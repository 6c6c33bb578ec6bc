using BlazorConsole.Data;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.Teams;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Web.Features.Accounts;

public sealed record UserView(string Id, string Email, string? DisplayName, bool IsPlatformAdmin, bool IsLockedOut, DateTimeOffset CreatedAt);

/// <summary>Creates accounts: the first admin (setup page or bootstrap configuration) and users added by platform admins.</summary>
internal sealed class AccountProvisioning(
    UserManager<ConsoleUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IDbContextFactory<ConsoleDbContext> dbFactory,
    TimeProvider time,
    AuditTrail audit)
{
    // Serializes first-run setup: two browsers submitting at once must not both become the first admin.
    private static readonly SemaphoreSlim FirstAdminGate = new(1, 1);

    public Task<bool> AnyUserExistsAsync(CancellationToken cancellationToken = default) => userManager.Users.AnyAsync(cancellationToken);

    /// <summary>Creates the platform admin only while no user exists. Returns the user, or the reason it was refused.</summary>
    public async Task<(ConsoleUser? User, string? Error)> CreateFirstAdminAsync(string email, string password, string action, string? remoteIp, CancellationToken cancellationToken = default)
    {
        await FirstAdminGate.WaitAsync(cancellationToken);
        try
        {
            if (await AnyUserExistsAsync(cancellationToken))
            {
                return (null, "Setup is already complete: an administrator exists. Sign in instead.");
            }

            var (user, error) = await CreateUserAsync(email, password, displayName: null, isPlatformAdmin: true, cancellationToken);
            if (user is null)
            {
                return (null, error);
            }

            await audit.RecordAsync(action, user.Id, user.Email, target: user.Email, remoteIp: remoteIp, cancellationToken: cancellationToken);
            return (user, null);
        }
        finally
        {
            FirstAdminGate.Release();
        }
    }

    /// <summary>Creates an account; every user joins the <c>default</c> team (admins as Admin, others as Viewer).</summary>
    public async Task<(ConsoleUser? User, string? Error)> CreateUserAsync(string email, string password, string? displayName, bool isPlatformAdmin, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        var user = new ConsoleUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        var created = await userManager.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        if (isPlatformAdmin)
        {
            await EnsureRoleAsync(ConsoleRoles.PlatformAdmin);
            await userManager.AddToRoleAsync(user, ConsoleRoles.PlatformAdmin);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = await EnsureDefaultTeamAsync(db, cancellationToken);
        db.TeamMembers.Add(new TeamMember
        {
            TeamId = team.Id,
            UserId = user.Id,
            Role = isPlatformAdmin ? TeamRole.Admin : TeamRole.Viewer,
            JoinedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return (user, null);
    }

    public async Task<(ConsoleUser? User, string? Error)> CreateUserByAdminAsync(string email, string password, string? displayName, bool isPlatformAdmin, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        var (user, error) = await CreateUserAsync(email, password, displayName, isPlatformAdmin, cancellationToken);
        if (user is not null)
        {
            await audit.RecordAsync(AuditActions.UserCreated, actorUserId, actorName, target: user.Email, detail: isPlatformAdmin ? "platform admin" : null, cancellationToken: cancellationToken);
        }

        return (user, error);
    }

    public async Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var admins = (await userManager.GetUsersInRoleAsync(ConsoleRoles.PlatformAdmin)).Select(u => u.Id).ToHashSet();
        var now = time.GetUtcNow();
        var users = await userManager.Users.AsNoTracking().ToListAsync(cancellationToken);
        return users
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .Select(u => new UserView(u.Id, u.Email ?? "", u.DisplayName, admins.Contains(u.Id), u.LockoutEnd > now, u.CreatedAt))
            .ToList();
    }

    public async Task EnsureRoleAsync(string role)
    {
        if (!await roleManager.RoleExistsAsync(role))
        {
            await roleManager.CreateAsync(new IdentityRole(role));
        }
    }

    public async Task<Team> EnsureDefaultTeamAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Slug == Team.DefaultSlug, cancellationToken);
        if (team is not null)
        {
            return team;
        }

        team = new Team { Slug = Team.DefaultSlug, DisplayName = "Default team", CreatedAt = time.GetUtcNow() };
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        return team;
    }
}
