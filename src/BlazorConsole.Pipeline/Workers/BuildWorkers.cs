using System.Globalization;
using BlazorConsole.Data;
using BlazorConsole.Data.Leases;
using BlazorConsole.Data.Writes;
using BlazorConsole.Domain.Events;
using BlazorConsole.Pipeline.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// <see cref="BuildsOptions.MaxConcurrency"/> workers that claim Queued builds from the database and run them
/// (<see cref="BuildExecution"/>). They are woken by <see cref="IBuildQueue"/> and also poll, because the rows are the
/// truth and a lost signal must only cost a poll interval. At start-up, once this replica holds its own lease, builds
/// a previous process left Running are marked Interrupted (and queued again once, <see cref="BuildRecovery"/>) before
/// any worker claims; while it runs, the holder of the build-recovery lease does the same for replicas that died.
/// </summary>
public sealed partial class BuildWorkers(
    IBuildClaimStore claims,
    BuildExecution execution,
    BuildRecovery recovery,
    ReplicaIdentity replica,
    ReplicaPresence presence,
    SingletonLeases leases,
    IOptions<LeaseOptions> leaseOptions,
    IBuildQueue queue,
    IConsoleEventStream events,
    IBuildWorkersReadiness readiness,
    IOptions<BuildsOptions> options,
    TimeProvider time,
    ILogger<BuildWorkers> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0, int.MaxValue);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunWorkers)
        {
            readiness.MarkWorkersReady(running: false);
            return;
        }

        while (!readiness.DatabaseReady)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, stoppingToken);
        }

        // Claims name this replica: before one is made, the others must see it alive, or a survivor's sweep could take
        // the claimed build for a dead replica's.
        await presence.WhenHeldAsync(stoppingToken);
        await recovery.RecoverAsync(stoppingToken);
        var workers = Enumerable.Range(0, settings.MaxConcurrency).Select(_ => WorkAsync(stoppingToken)).ToList();
        workers.Add(ForwardSignalsAsync(stoppingToken));
        workers.Add(leases.RunWhileHeldAsync(LeaseNames.BuildRecovery, SweepGoneReplicasAsync, stoppingToken));
        readiness.MarkWorkersReady(running: true);
        LogStarted(logger, settings.MaxConcurrency);
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Wakes one idle worker (a build was queued or approved, or one finished and its component's next may run).</summary>
    public void Wake() => wake.Release();

    private async Task ForwardSignalsAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in queue.WaitForQueuedAsync(stoppingToken))
        {
            // Waking more workers than there are is pointless; an idle one re-checks the database anyway.
            if (wake.CurrentCount < options.Value.MaxConcurrency)
            {
                wake.Release();
            }
        }
    }

    /// <summary>While this replica holds the build-recovery lease: every few seconds, builds of replicas that died.</summary>
    private async Task SweepGoneReplicasAsync(CancellationToken whileHeld)
    {
        using var timer = new PeriodicTimer(leaseOptions.Value.RecoverySweepInterval, time);
        while (await timer.WaitForNextTickAsync(whileHeld))
        {
            try
            {
                if (await recovery.RecoverGoneReplicasAsync(whileHeld) > 0)
                {
                    Wake();
                }
            }
            catch (Exception e) when (e.IsDatabaseFailure())
            {
                LogSweepFailed(logger, e);
            }
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var component in await claims.SupersedeAsync(time.GetUtcNow(), stoppingToken))
                {
                    events.Publish(new BuildsSuperseded(component));
                }

                if (await claims.ClaimNextAsync(time.GetUtcNow(), replica.Id, stoppingToken) is { } build)
                {
                    await execution.RunAsync(build, stoppingToken);
                    Wake();
                    continue;
                }

                await wake.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A database hiccup must not kill a worker: log, wait a poll interval, try again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogWorkerError(logger, e);
                await Task.Delay(poll, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        wake.Dispose();
    }

    /// <summary>The key that names a build's log file and working directory.</summary>
    public static string BuildKey(long buildId) => buildId.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} build workers started")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for builds of gone replicas failed; the next sweep tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A build worker failed; it retries after the poll interval")]
    private static partial void LogWorkerError(ILogger logger, Exception exception);
}
