namespace BlazorConsole.Pipeline.Logs;

/// <summary>
/// Live build log lines inside the process, for Blazor pages and the SignalR hub. Lines are delivered in batches
/// (every <see cref="BuildsOptions.LogBatchMilliseconds"/>), in sequence order, to the subscribers of that build.
/// Handlers run on a timer thread and must be quick: hand the batch on (<c>InvokeAsync</c>, a channel) and return.
/// To show a log from line N without gaps or duplicates, use <see cref="BuildLogStore.Follow"/>.
/// </summary>
public interface IBuildLogNotifier
{
    /// <summary>Lines written after this call reach <paramref name="onBatch"/> until the subscription is disposed.</summary>
    IDisposable Subscribe(string buildKey, Action<BuildLogBatch> onBatch);

    void Publish(string buildKey, IReadOnlyList<BuildLogLine> lines);

    /// <summary>The build's log is complete: subscribers get a last batch with <see cref="BuildLogBatch.Completed"/>.</summary>
    void Complete(string buildKey);
}
