using System.Collections.Concurrent;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>The builds this process is running, so a cancel request reaches the worker that runs it (and its process tree).</summary>
public sealed class RunningBuilds
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> running = new();
    private readonly ConcurrentDictionary<long, string> cancelReasons = new();

    /// <summary>Called when a worker starts checkout (benchmarks and tests measure trigger latency with it).</summary>
    public event Action<long>? Starting;

    public int Count => running.Count;

    public CancellationTokenSource Register(long buildId, CancellationToken stopping)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        running[buildId] = cancel;
        if (cancelReasons.ContainsKey(buildId))
        {
            cancel.Cancel(); // canceled between its claim and this registration
        }

        return cancel;
    }

    /// <summary>Forgets the build (the worker disposes its token source).</summary>
    public void Unregister(long buildId, out CancellationTokenSource? cancel) => running.TryRemove(buildId, out cancel);

    public bool WasCanceled(long buildId) => cancelReasons.ContainsKey(buildId);

    /// <summary>Whether a worker of this process runs the build now (registered, not yet finished).</summary>
    public bool IsRunning(long buildId) => running.ContainsKey(buildId);

    public string? TakeCancelReason(long buildId) => cancelReasons.TryRemove(buildId, out var reason) ? reason : null;

    /// <summary>
    /// Cancels a build whose row is Running (its process tree is killed). A build just claimed but not yet registered
    /// is canceled as soon as its worker registers it.
    /// </summary>
    public bool Cancel(long buildId, string reason)
    {
        cancelReasons[buildId] = reason;
        if (!running.TryGetValue(buildId, out var cancel))
        {
            return false;
        }

        try
        {
            cancel.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // it finished meanwhile
        }
    }

    public void RaiseStarting(long buildId) => Starting?.Invoke(buildId);
}
