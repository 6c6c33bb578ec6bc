using BlazorConsole.Data;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Web.Features.Dashboard;

public sealed record RecentBuild(long Id, Guid ComponentId, string Component, string Team, int Number, BuildStatus Status, BuildTrigger Trigger, string Ref, string? CommitMessage, DateTimeOffset QueuedAt);

public sealed record RecentDelivery(long Id, Guid ComponentId, string Component, string Team, string Provider, string? Ref, string? CommitTitle, string Decision, string? Detail, DateTimeOffset ReceivedAt);

/// <summary>What happened lately in the teams a user can see (every team for a platform admin).</summary>
internal sealed class DashboardQueries(IDbContextFactory<ConsoleDbContext> dbFactory)
{
    public async Task<(IReadOnlyList<RecentBuild> Builds, IReadOnlyList<RecentDelivery> Deliveries)> RecentAsync(string userId, bool isPlatformAdmin, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var components = from c in db.Components
                         join t in db.Teams on c.TeamId equals t.Id
                         where isPlatformAdmin || db.TeamMembers.Any(m => m.TeamId == t.Id && m.UserId == userId)
                         select new { c.Id, c.Name, Team = t.Slug };

        var builds = await (from b in db.Builds.AsNoTracking()
                            join c in components on b.ComponentId equals c.Id
                            orderby b.Id descending
                            select new RecentBuild(b.Id, c.Id, c.Name, c.Team, b.Number, b.Status, b.Trigger, b.Ref, b.CommitMessage, b.QueuedAt))
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
