using BlazorConsole.Data;
using BlazorConsole.Domain.Events;
using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Every replica routes every app host: when another replica promotes or stops a release (the event stream carries
/// it here), this replica's routes follow, to the address the release's engine reports for it. With one console every
/// promotion is its own and already routed, so it does not listen at all. Routes only move forward: an event older than the route in
/// place (a lower release id, a release no longer current) is ignored.
/// </summary>
public sealed partial class ReleaseRouteFollower(
    IConsoleEventStream events,
    IDbContextFactory<ConsoleDbContext> dbFactory,
    AppRouter router,
    RuntimeEngines engines,
    ILogger<ReleaseRouteFollower> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private IDisposable? subscription;
    private int disposed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (engines.SeveralReplicas)
        {
            subscription = events.Subscribe(OnEventAsync);
            // A replica that starts while others serve: the lease holder's reconcile runs elsewhere, so the releases
            // already running are routed here from the database and their engine (in the background: the database may
            // still be migrating, and the replica answers meanwhile).
            _ = Task.Run(() => RouteRunningReleasesAsync(stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task RouteRunningReleasesAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var running = await db.Releases.AsNoTracking()
                    .Where(r => r.IsCurrent && r.Status == ReleaseStatus.Running)
                    .Select(r => new { r.ComponentId, r.Id })
                    .ToListAsync(cancellationToken);
                foreach (var release in running)
                {
                    await FollowAsync(release.ComponentId, release.Id, cancellationToken);
                }

                return;
            }
            catch (Exception e) when (e.IsDatabaseFailure() && attempt < 30)
            {
                // Not migrated yet, or the database is restarting: try again shortly.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        if (Volatile.Read(ref disposed) == 0)
        {
            await stopping.CancelAsync();
        }
    }

    // A host may dispose its services before (or without) stopping them.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        subscription?.Dispose();
        stopping.Cancel();
        stopping.Dispose();
    }

    private async ValueTask OnEventAsync(IDomainEvent domainEvent, CancellationToken cancellationToken)
    {
        switch (domainEvent)
        {
            // The same release promoted again (started again at a new address) is followed too.
            case ReleasePromoted promoted when router.Find(promoted.ComponentId) is not { } route || route.ReleaseId <= promoted.ReleaseId:
                await FollowAsync(promoted.ComponentId, promoted.ReleaseId, cancellationToken);
                break;
            case ReleaseStopped stopped:
                router.Unroute(stopped.ComponentId, stopped.ReleaseId);
                break;
        }
    }

    private async Task FollowAsync(Guid componentId, long releaseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var release = await db.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == releaseId, cancellationToken);
        var hostLabel = await ReleaseManager.HostLabelAsync(db, componentId, cancellationToken);
        if (release is not { IsCurrent: true, Status: ReleaseStatus.Running } || hostLabel is null || engines.Find(release.Runtime) is not { } engine)
        {
            return; // superseded meanwhile, or gone: a later event says where the component is served now
        }

        if (await engine.GetStateAsync(releaseId, cancellationToken) is not { Phase: RuntimeInstancePhase.Running } state)
        {
            LogNotReachable(logger, componentId, releaseId, release.Runtime);
            return;
        }

        // Checked again under the router's lock: this replica's own deploy may have routed a newer release meanwhile.
        if (router.RouteIfNewer(componentId, hostLabel, releaseId, state.Address))
        {
            LogFollowed(logger, componentId, releaseId, state.Address);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Routing component {ComponentId} to release {ReleaseId} at {Address}, promoted by another replica")]
    private static partial void LogFollowed(ILogger logger, Guid componentId, long releaseId, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release {ReleaseId} of component {ComponentId}, promoted by another replica, is not running on its engine {Runtime} as seen from here; not routed")]
    private static partial void LogNotReachable(ILogger logger, Guid componentId, long releaseId, string runtime);
}
