using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Application.Builds;

public sealed record BuildView(
    long Id,
    Guid ComponentId,
    int Number,
    BuildStatus Status,
    BuildTrigger Trigger,
    string? CommitSha,
    string? CommitMessage,
    string? CommitAuthor,
    string? CommitUrl,
    string Ref,
    long? DeliveryId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? StatusDetail,
    BuildDeployStatus? DeployStatus);

/// <summary>A build awaiting approval, for the approvals page; <see cref="CanDecide"/> when the user is a team admin.</summary>
public sealed record ApprovalView(long BuildId, Guid ComponentId, string Component, string Team, int Number, string Ref, string? CommitSha, string? CommitMessage,
    DateTimeOffset QueuedAt, bool CanDecide);

/// <summary>Reads builds for pages and the API (the build pipeline runs them).</summary>
internal sealed class BuildQueries(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    public async Task<IReadOnlyList<BuildView>> ListAsync(Guid componentId, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Builds.AsNoTracking().Where(b => b.ComponentId == componentId).OrderByDescending(b => b.Number).Take(take)
            .Select(b => new BuildView(b.Id, b.ComponentId, b.Number, b.Status, b.Trigger, b.CommitSha, b.CommitMessage, b.CommitAuthor, b.CommitUrl,
                b.Ref, b.DeliveryId, b.QueuedAt, b.StartedAt, b.FinishedAt, b.StatusDetail, b.DeployStatus))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Builds awaiting approval in the user's teams (every team for a platform admin), oldest first.</summary>
    public async Task<IReadOnlyList<ApprovalView>> AwaitingApprovalAsync(string userId, bool platformAdmin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var teams = platformAdmin
            ? db.Teams.Select(t => new { t.Id, t.Slug, IsAdmin = true })
            : db.TeamMembers.Where(m => m.UserId == userId)
                .Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => new { t.Id, t.Slug, IsAdmin = m.Role == Domain.Teams.TeamRole.Admin });
        var rows = await db.Builds.AsNoTracking().Where(b => b.Status == BuildStatus.AwaitingApproval)
            .Join(db.Components, b => b.ComponentId, c => c.Id, (b, c) => new { Build = b, c.Name, c.TeamId })
            .Join(teams, x => x.TeamId, t => t.Id, (x, t) => new { x.Build, x.Name, t.Slug, t.IsAdmin })
            .Take(500)
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Build.Id)
            .Select(r => new ApprovalView(r.Build.Id, r.Build.ComponentId, r.Name, r.Slug, r.Build.Number, r.Build.Ref, r.Build.CommitSha, r.Build.CommitMessage, r.Build.QueuedAt, r.IsAdmin))
            .ToList();
    }

    /// <summary>Build numbers (#1, #2 … per component) of the given build ids, for pages that know builds by id.</summary>
    public async Task<IReadOnlyDictionary<long, int>> NumbersAsync(IReadOnlyCollection<long> buildIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(buildIds);
        if (buildIds.Count == 0)
        {
            return new Dictionary<long, int>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Builds.AsNoTracking().Where(b => buildIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Number, cancellationToken);
    }

    /// <summary>Name and team slug of a component (build page header).</summary>
    public async Task<(string Name, string Team)?> ComponentOfAsync(Guid componentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Components.AsNoTracking().Where(c => c.Id == componentId)
            .Join(db.Teams, c => c.TeamId, t => t.Id, (c, t) => new { c.Name, t.Slug })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Name, found.Slug);
    }

    public async Task<BuildView?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Builds.AsNoTracking().Where(b => b.Id == id)
            .Select(b => new BuildView(b.Id, b.ComponentId, b.Number, b.Status, b.Trigger, b.CommitSha, b.CommitMessage, b.CommitAuthor, b.CommitUrl,
                b.Ref, b.DeliveryId, b.QueuedAt, b.StartedAt, b.FinishedAt, b.StatusDetail, b.DeployStatus))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
