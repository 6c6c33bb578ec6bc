using Microsoft.Extensions.Hosting;

namespace BlazorConsole.Data.Leases;

/// <summary>
/// Holds this replica's own lease (<see cref="LeaseNames.Replica"/>) for the process's life: as long as it is held, no
/// other replica treats this one's Running builds as abandoned. Workers claim only once it is held (<see cref="WhenHeldAsync"/>).
/// </summary>
public sealed class ReplicaPresence(SingletonLeases leases, ReplicaIdentity replica) : BackgroundService
{
    private readonly TaskCompletionSource firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the replica's lease was taken (a restarted replica with a fixed id may wait for its old session to end).</summary>
    public Task WhenHeldAsync(CancellationToken cancellationToken) => firstHeld.Task.WaitAsync(cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.RunWhileHeldAsync(LeaseNames.Replica(replica.Id), _ =>
        {
            firstHeld.TrySetResult();
            return Task.CompletedTask;
        }, stoppingToken);
}
