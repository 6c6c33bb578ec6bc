namespace BlazorConsole.Pipeline.Queue;

/// <summary>
/// The build queue's wake-up call. Build rows in the database are the truth (status Queued); this only tells
/// idle workers that there is something to pick up, so nothing is lost if a signal is.
/// </summary>
public interface IBuildQueue
{
    void NotifyQueued(long buildId);

    /// <summary>Workers wait here; each value is a build id that was queued (a hint, re-checked against the database).</summary>
    IAsyncEnumerable<long> WaitForQueuedAsync(CancellationToken cancellationToken);
}
