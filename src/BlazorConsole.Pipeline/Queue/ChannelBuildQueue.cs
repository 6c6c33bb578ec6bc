using System.Threading.Channels;

namespace BlazorConsole.Pipeline.Queue;

/// <summary>In-process queue signal (the embedded default); a distributed one can replace it behind <see cref="IBuildQueue"/>.</summary>
public sealed class ChannelBuildQueue : IBuildQueue
{
    // Bounded and dropping: a lost hint is harmless (workers also poll the database), an unbounded backlog is not.
    private readonly Channel<long> signals = Channel.CreateBounded<long>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = false,
        SingleWriter = false,
    });

    public void NotifyQueued(long buildId) => signals.Writer.TryWrite(buildId);

    public IAsyncEnumerable<long> WaitForQueuedAsync(CancellationToken cancellationToken) => signals.Reader.ReadAllAsync(cancellationToken);
}
