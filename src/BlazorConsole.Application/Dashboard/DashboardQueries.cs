using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Application.Dashboard;

public sealed record RecentBuild(long Id, Guid ComponentId, string Component, string Team, int Number, BuildStatus Status, BuildTrigger Trigger, string Ref, string? CommitMessage, DateTimeOffset QueuedAt)
{
    /// <summary>Whether it went live (a succeeded build whose deploy failed shows as such).</summary>
    public BuildDeployStatus? DeployStatus { get; init; }
}

public sealed record RecentDelivery(long Id, Guid ComponentId, string Component, string Team, string Provider, string? Ref, string? CommitTitle, string Decision, string? Detail, DateTimeOffset ReceivedAt);

/// <summary>What happened lately in the teams a user can see (every team for a platform admin).</summary>
/// <remarks>
/// A platform admin sees everything, so walking builds and deliveries newest first stops after <c>take</c> rows.
/// A team member's rows may be rare (or absent) among the newest: walking newest first would then read the whole
/// table (a million deliveries take seconds). Instead, each of the member's components gives its newest id with one
/// index seek; the <c>take</c> newest rows overall can only come from the <c>take</c> components whose newest row is
/// newest, so only those are read, newest first, through the (component, id) indexes.
/// </remarks>
internal sealed class DashboardQueries(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    public async Task<(IReadOnlyList<RecentBuild> Builds, IReadOnlyList<RecentDelivery> Deliveries)> RecentAsync(string userId, bool isPlatformAdmin, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (isPlatformAdmin)
        {
            return await EverythingAsync(db, take, cancellationToken);
        }

        var components = from m in db.TeamMembers
                         where m.UserId == userId
                         join t in db.Teams on m.TeamId equals t.Id
                         join c in db.Components on t.Id equals c.TeamId
                         select new { c.Id, c.Name, Team = t.Slug };

        // Builds are numbered in the order they are inserted (one writer), so the highest number is the newest id.
        var buildLeaders = await (from c in components
                                  let newest = db.Builds.Where(b => b.ComponentId == c.Id).OrderByDescending(b => b.Number).Select(b => (long?)b.Id).FirstOrDefault()
                                  where newest != null
                                  orderby newest descending
                                  select c)
            .Take(take).ToListAsync(cancellationToken);
        var builds = new List<RecentBuild>();
        foreach (var c in buildLeaders)
        {
            builds.AddRange(await db.Builds.AsNoTracking().Where(b => b.ComponentId == c.Id).OrderByDescending(b => b.Number).Take(take)
                .Select(b => new RecentBuild(b.Id, c.Id, c.Name, c.Team, b.Number, b.Status, b.Trigger, b.Ref, b.CommitMessage, b.QueuedAt) { DeployStatus = b.DeployStatus })
                .ToListAsync(cancellationToken));
        }

        var deliveryLeaders = await (from c in components
                                     let newest = db.WebhookDeliveries.Where(d => d.ComponentId == c.Id).Max(d => (long?)d.Id)
                                     where newest != null
                                     orderby newest descending
                                     select c)
            .Take(take).ToListAsync(cancellationToken);
        var deliveries = new List<RecentDelivery>();
        foreach (var c in deliveryLeaders)
        {
            var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.ComponentId == c.Id).OrderByDescending(d => d.Id).Take(take)
                .Select(d => new { d.Id, d.Provider, d.Ref, d.CommitTitle, d.Decision, d.Detail, d.ReceivedAt })
                .ToListAsync(cancellationToken);
            deliveries.AddRange(rows.Select(d => new RecentDelivery(d.Id, c.Id, c.Name, c.Team, d.Provider, d.Ref, d.CommitTitle, d.Decision.ToApi(), d.Detail, d.ReceivedAt)));
        }

        return (builds.OrderByDescending(b => b.Id).Take(take).ToList(), deliveries.OrderByDescending(d => d.Id).Take(take).ToList());
    }

    private static async Task<(IReadOnlyList<RecentBuild> Builds, IReadOnlyList<RecentDelivery> Deliveries)> EverythingAsync(ConsoleDbContext db, int take, CancellationToken cancellationToken)
    {
        var components = from c in db.Components
                         join t in db.Teams on c.TeamId equals t.Id
                         select new { c.Id, c.Name, Team = t.Slug };

        var builds = await (from b in db.Builds.AsNoTracking()
                            join c in components on b.ComponentId equals c.Id
                            orderby b.Id descending
                            select new RecentBuild(b.Id, c.Id, c.Name, c.Team, b.Number, b.Status, b.Trigger, b.Ref, b.CommitMessage, b.QueuedAt) { DeployStatus = b.DeployStatus })
            .Take(take).ToListAsync(cancellationToken);

        var deliveryRows = await (from d in db.WebhookDeliveries.AsNoTracking()
                                  join c in components on d.ComponentId equals c.Id
                                  orderby d.Id descending
                                  select new { d.Id, ComponentId = c.Id, c.Name, c.Team, d.Provider, d.Ref, d.CommitTitle, d.Decision, d.Detail, d.ReceivedAt })
            .Take(take).ToListAsync(cancellationToken);
        var deliveries = deliveryRows
            .Select(d => new RecentDelivery(d.Id, d.ComponentId, d.Name, d.Team, d.Provider, d.Ref, d.CommitTitle, d.Decision.ToApi(), d.Detail, d.ReceivedAt))
            .ToList();
        return (builds, deliveries);
    }
}
