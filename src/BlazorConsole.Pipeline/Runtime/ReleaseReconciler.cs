using BlazorConsole.Data.Leases;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Brings the desired state back (in the background, so the console answers meanwhile) and stops every release this
/// process runs when the console stops (whatever runtime runs it); the desired state stays stored for the next start.
/// The reconcile, with the runtimes' clean-up of leftovers, runs on the replica that holds
/// <see cref="LeaseNames.ReleaseReconciler"/>: at start-up on a single console, and again wherever the lease moves when
/// its holder dies.
/// </summary>
public sealed partial class ReleaseReconciler(ReleaseManager releases, RuntimeEngines engines, SingletonLeases leases, ILogger<ReleaseReconciler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.RunWhileHeldAsync(LeaseNames.ReleaseReconciler, ReconcileAsync, stoppingToken);

    private async Task ReconcileAsync(CancellationToken whileHeld)
    {
        try
        {
            await releases.ReconcileAsync(whileHeld);
        }
        catch (OperationCanceledException) when (whileHeld.IsCancellationRequested)
        {
            // Shutting down (or the lease lost) during the reconcile: the desired state is unchanged and the next holder reconciles again.
        }
#pragma warning disable CA1031 // A failed reconcile must not take the console down: people can still start releases by hand.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReconcileFailed(logger, ex);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(engines.All.Select(engine => engine.StopAllAsync(cancellationToken)));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Start-up reconcile of releases failed.")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);
}
