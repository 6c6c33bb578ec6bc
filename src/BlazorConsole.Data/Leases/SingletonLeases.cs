using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Data.Leases;

/// <summary>Runs a piece of work on one replica at a time: the one that holds its lease.</summary>
public sealed partial class SingletonLeases(
    ILeaseProvider provider,
    HeldLeases held,
    IOptions<LeaseOptions> options,
    TimeProvider time,
    ILogger<SingletonLeases> logger)
{
    /// <summary>
    /// Takes <paramref name="name"/> (trying again every <see cref="LeaseOptions.RetryInterval"/> while another replica
    /// holds it) and runs <paramref name="work"/> while it is held. The work's token ends when the host stops or the lease
    /// is lost. Work that returns keeps the lease until then, so a one-time job (the start-up reconcile) runs again only
    /// where the lease moves when its holder dies. Returns when <paramref name="stoppingToken"/> fires.
    /// </summary>
    public async Task RunWhileHeldAsync(string name, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var reportedWaiting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var lease = await TryAcquireAsync(name, stoppingToken);
            if (lease is null)
            {
                if (!reportedWaiting)
                {
                    LogWaiting(logger, name);
                    reportedWaiting = true;
                }

                if (!await DelayAsync(options.Value.RetryInterval, stoppingToken))
                {
                    return;
                }

                continue;
            }

            reportedWaiting = false;
            await HoldAsync(lease, work, stoppingToken);
        }
    }

    private async Task HoldAsync(ILease lease, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        // Taken before the lease is released below: an engine need not answer for a released lease.
        var lost = lease.Lost;
        using var whileHeld = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lost);
        held.Add(lease.Name, time.GetUtcNow());
        LogAcquired(logger, lease.Name);
        var failed = false;
        try
        {
            await work(whileHeld.Token);
            await Task.Delay(Timeout.InfiniteTimeSpan, time, whileHeld.Token);
        }
        catch (OperationCanceledException) when (whileHeld.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // The work's own failure must not end the loop: release, let any replica (this one too) take it again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogWorkFailed(logger, e, lease.Name);
            failed = true;
        }
        finally
        {
            held.Remove(lease.Name);
            await ReleaseAsync(lease);
        }

        if (lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            LogLost(logger, lease.Name);
        }
        else if (failed)
        {
            await DelayAsync(options.Value.RetryInterval, stoppingToken);
        }
    }

    private async Task<ILease?> TryAcquireAsync(string name, CancellationToken stoppingToken)
    {
        try
        {
            return await provider.TryAcquireAsync(name, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e.IsDatabaseFailure() || e is InvalidOperationException)
        {
            // The database is down or not there yet: not holding it is the safe answer; the next try may succeed.
            LogAcquireFailed(logger, e, name);
            return null;
        }
    }

    private async Task ReleaseAsync(ILease lease)
    {
        try
        {
            await lease.DisposeAsync();
        }
#pragma warning disable CA1031 // Releasing over a connection that already broke fails; the session is gone and so is the lock.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogReleaseFailed(logger, e, lease.Name);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Lease} is held by another replica; trying again until it is free")]
    private static partial void LogWaiting(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Lease} acquired")]
    private static partial void LogAcquired(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Lease} was lost (its database session ended); trying to take it again")]
    private static partial void LogLost(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Lease} could not be asked for; trying again")]
    private static partial void LogAcquireFailed(ILogger logger, Exception exception, string lease);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease {Lease} could not be released cleanly")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string lease);

    [LoggerMessage(Level = LogLevel.Error, Message = "The work under lease {Lease} failed; the lease is released and taken again")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception, string lease);
}
