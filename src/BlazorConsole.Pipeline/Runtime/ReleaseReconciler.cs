using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Brings the desired state back at start-up (in the background, so the console answers meanwhile) and stops every
/// release when the console stops (whatever runtime runs it); the desired state stays stored for the next start.
/// </summary>
public sealed partial class ReleaseReconciler(ReleaseManager releases, RuntimeEngines engines, ILogger<ReleaseReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await releases.ReconcileAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down during start-up: the desired state is unchanged and the next start reconciles again.
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
