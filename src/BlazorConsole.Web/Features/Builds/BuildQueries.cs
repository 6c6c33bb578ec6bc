using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Web.Features.Builds;

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
    string? StatusDetail);

/// <summary>Reads builds for pages and the API (the build pipeline runs them).</summary>
internal sealed class BuildQueries(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    public async Task<IReadOnlyList<BuildView>> ListAsync(Guid componentId, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Builds.AsNoTracking().Where(b => b.ComponentId == componentId).OrderByDescending(b => b.Number).Take(take)
            .Select(b => new BuildView(b.Id, b.ComponentId, b.Number, b.Status, b.Trigger, b.CommitSha, b.CommitMessage, b.CommitAuthor, b.CommitUrl,
                b.Ref, b.DeliveryId, b.QueuedAt, b.StartedAt, b.FinishedAt, b.StatusDetail))
            .ToListAsync(cancellationToken);
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
                b.Ref, b.DeliveryId, b.QueuedAt, b.StartedAt, b.FinishedAt, b.StatusDetail))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
