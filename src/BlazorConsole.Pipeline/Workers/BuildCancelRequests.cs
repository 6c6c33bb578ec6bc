using BlazorConsole.Data;
using BlazorConsole.Data.Leases;
using BlazorConsole.Domain.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// A cancel reaches the build wherever it runs: the replica that got the request publishes
/// <see cref="BuildCancelRequested"/>, and the replica running the build — or the one that claimed it and is about to
/// register it — cancels it in its <see cref="RunningBuilds"/>. With one console this is the same process.
/// </summary>
public sealed class BuildCancelRequests(
    IConsoleEventStream events,
    RunningBuilds running,
    IDbContextFactory<ConsoleDbContext> dbFactory,
    ReplicaIdentity replica) : IHostedService, IDisposable
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = events.Subscribe(OnEventAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => subscription?.Dispose();

    private async ValueTask OnEventAsync(IDomainEvent domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent is not BuildCancelRequested request)
        {
            return;
        }

        if (running.IsRunning(request.BuildId) || await ClaimedHereAsync(request.BuildId, cancellationToken))
        {
            running.Cancel(request.BuildId, request.Reason);
        }
    }

    // Claimed by this replica but not registered yet: the reason waits for the registration (see RunningBuilds.Register).
    private async Task<bool> ClaimedHereAsync(long buildId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Builds.AnyAsync(b => b.Id == buildId && b.ClaimedBy == replica.Id && b.Status == Domain.Builds.BuildStatus.Running, cancellationToken);
    }
}
