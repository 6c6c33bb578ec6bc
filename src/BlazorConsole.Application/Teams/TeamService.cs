using BlazorConsole.Data;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Teams;

public sealed record TeamSummary(Guid Id, string Name, string DisplayName, DateTimeOffset CreatedAt, TeamRole? MyRole, int MemberCount);

public sealed record TeamMemberView(string UserId, string Email, string? DisplayName, TeamRole Role, DateTimeOffset JoinedAt);

/// <summary>Teams and their members. Authorization is decided by the caller's policy; this class enforces data rules.</summary>
internal sealed class TeamService(IDbContextFactory<ConsoleDbContext> dbFactory, TimeProvider time, AuditTrail audit)
{
    /// <summary>Teams the user belongs to; a platform admin sees every team.</summary>
    public async Task<IReadOnlyList<TeamSummary>> ListVisibleAsync(string userId, bool isPlatformAdmin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = db.Teams.AsNoTracking();
        if (!isPlatformAdmin)
        {
            teams = teams.Where(t => t.Members.Any(m => m.UserId == userId));
        }

        return await Summaries(teams.OrderBy(t => t.Slug), userId).ToListAsync(cancellationToken);
    }

    public async Task<TeamSummary?> FindAsync(string slug, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Summaries(db.Teams.AsNoTracking().Where(t => t.Slug == slug), userId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Teams as the caller sees them: with the caller's own role (null for a platform admin who is not a member).</summary>
    private static IQueryable<TeamSummary> Summaries(IQueryable<Team> teams, string userId) => teams.Select(t => new TeamSummary(
        t.Id,
        t.Slug,
        t.DisplayName,
        t.CreatedAt,
        t.Members.Where(m => m.UserId == userId).Select(m => (TeamRole?)m.Role).FirstOrDefault(),
        t.Members.Count));

    /// <summary>Creates a team with the creator as its admin.</summary>
    public async Task<(ChangeResult Result, TeamSummary? Team)> CreateAsync(string slug, string? displayName, string creatorUserId, string creatorName, CancellationToken cancellationToken = default)
    {
        slug = slug.Trim();
        if (TeamSlug.Validate(slug) is { } problem)
        {
            return (ChangeResult.Fail(problem), null);
        }

        displayName = string.IsNullOrWhiteSpace(displayName) ? slug : displayName.Trim();
        if (displayName.Length > 100)
        {
            return (ChangeResult.Fail("A display name has at most 100 characters."), null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Teams.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            return (ChangeResult.Fail($"A team named '{slug}' already exists."), null);
        }

        var now = time.GetUtcNow();
        var team = new Team { Slug = slug, DisplayName = displayName, CreatedAt = now };
        team.Members.Add(new TeamMember { TeamId = team.Id, UserId = creatorUserId, Role = TeamRole.Admin, JoinedAt = now });
        db.Teams.Add(team);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two people picked the same name at the same moment; the unique index decided.
            return (ChangeResult.Fail($"A team named '{slug}' already exists."), null);
        }

        await audit.RecordAsync(AuditActions.TeamCreated, creatorUserId, creatorName, target: slug, cancellationToken: cancellationToken);
        return (ChangeResult.Ok, new TeamSummary(team.Id, team.Slug, team.DisplayName, team.CreatedAt, TeamRole.Admin, 1));
    }

    public async Task<IReadOnlyList<TeamMemberView>?> MembersAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (team is null)
        {
            return null;
        }

        var rows = await (from m in db.TeamMembers.AsNoTracking()
                          join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                          where m.TeamId == team.Id
                          select new { m.UserId, u.Email, u.DisplayName, m.Role, m.JoinedAt })
            .ToListAsync(cancellationToken);
        return rows
            .OrderByDescending(r => r.Role).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .Select(r => new TeamMemberView(r.UserId, r.Email ?? "", r.DisplayName, r.Role, r.JoinedAt))
            .ToList();
    }

    public async Task<ChangeResult> AddMemberAsync(string slug, string email, TeamRole role, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(role))
        {
            return ChangeResult.Fail("Role must be Admin, Developer or Viewer.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (team is null)
        {
            return ChangeResult.Missing($"There is no team '{slug}'.");
        }

        var normalizedEmail = email.Trim().ToUpperInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
        if (user is null)
        {
            return ChangeResult.Fail($"No account uses '{email.Trim()}'. A platform admin can create it under Platform Management → Settings.");
        }

        if (await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserId == user.Id, cancellationToken))
        {
            return ChangeResult.Fail($"{user.Email} is already a member of '{slug}'.");
        }

        db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = user.Id, Role = role, JoinedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.TeamMemberAdded, actorUserId, actorName, target: slug, detail: $"{user.Email} as {role}", cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    public async Task<ChangeResult> ChangeRoleAsync(string slug, string memberUserId, TeamRole role, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(role))
        {
            return ChangeResult.Fail("Role must be Admin, Developer or Viewer.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (team, member) = await FindMemberAsync(db, slug, memberUserId, cancellationToken);
        if (team is null || member is null)
        {
            return ChangeResult.Missing($"That person is not a member of '{slug}'.");
        }

        if (member.Role == TeamRole.Admin && role != TeamRole.Admin && await IsLastAdminAsync(db, team.Id, cancellationToken))
        {
            return ChangeResult.Fail("A team keeps at least one admin. Make someone else admin first.");
        }

        member.Role = role;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.TeamMemberRoleChanged, actorUserId, actorName, target: slug, detail: $"{memberUserId} → {role}", cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    public async Task<ChangeResult> RemoveMemberAsync(string slug, string memberUserId, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (team, member) = await FindMemberAsync(db, slug, memberUserId, cancellationToken);
        if (team is null || member is null)
        {
            return ChangeResult.Missing($"That person is not a member of '{slug}'.");
        }

        if (member.Role == TeamRole.Admin && await IsLastAdminAsync(db, team.Id, cancellationToken))
        {
            return ChangeResult.Fail("A team keeps at least one admin. Make someone else admin first.");
        }

        db.TeamMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.TeamMemberRemoved, actorUserId, actorName, target: slug, detail: memberUserId, cancellationToken: cancellationToken);
        return ChangeResult.Ok;
    }

    private static async Task<(Team? Team, TeamMember? Member)> FindMemberAsync(ConsoleDbContext db, string slug, string userId, CancellationToken cancellationToken)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        var member = team is null ? null : await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == team.Id && m.UserId == userId, cancellationToken);
        return (team, member);
    }

    private static async Task<bool> IsLastAdminAsync(ConsoleDbContext db, Guid teamId, CancellationToken cancellationToken) =>
        await db.TeamMembers.CountAsync(m => m.TeamId == teamId && m.Role == TeamRole.Admin, cancellationToken) <= 1;
}
