using System.Collections.Immutable;
using System.Threading.Channels;
using BlazorConsole.Domain.Events;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Pipeline.Events;

/// <summary>
/// The event stream of one console process. Publishers (the data layer after a commit, the queue, the delivery writer)
/// never wait: events go into a channel that one dispatcher hands, in order, to every subscriber; a subscriber that
/// throws is logged and skipped, never the publisher's problem. The Redis-backed stream of several replicas
/// ("Scale-out") implements the same <see cref="IConsoleEventStream"/>.
/// </summary>
public sealed partial class InProcessConsoleEventStream : IConsoleEventStream, IDisposable
{
    private readonly Channel<IDomainEvent> pending = Channel.CreateUnbounded<IDomainEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger<InProcessConsoleEventStream> logger;
    private readonly Task dispatcher;
    private ImmutableArray<Subscription> subscriptions = [];
    private int disposed;

    public InProcessConsoleEventStream(ILogger<InProcessConsoleEventStream> logger)
    {
        this.logger = logger;
        dispatcher = Task.Run(DispatchAsync);
    }

    public void Publish(IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        pending.Writer.TryWrite(domainEvent);
    }

    public IDisposable Subscribe(Func<IDomainEvent, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler);
        ImmutableInterlocked.Update(ref subscriptions, list => list.Add(subscription));
        return subscription;
    }

    /// <summary>Completes once every event published so far has reached every subscriber (tests, shutdown).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var marker = new DrainMarker();
        Publish(marker);
        await marker.Reached.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        // The container disposes it once per registration it was resolved through.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        pending.Writer.TryComplete();
        stopping.Cancel();
        try
        {
            dispatcher.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Stopping: a handler cut off by the cancellation has nothing left to report.
        }

        stopping.Dispose();
    }

    private async Task DispatchAsync()
    {
        await foreach (var domainEvent in pending.Reader.ReadAllAsync())
        {
            if (domainEvent is DrainMarker marker)
            {
                marker.Reached.TrySetResult();
                continue;
            }

            foreach (var subscription in subscriptions)
            {
                try
                {
                    await subscription.Handler(domainEvent, stopping.Token);
                }
#pragma warning disable CA1031 // One subscriber's failure (a closed page, a provider down) must not starve the others.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogSubscriberFailed(logger, e, domainEvent.GetType().Name, domainEvent.ComponentId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber of the event stream failed on {Event} for component {ComponentId}")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception, string @event, Guid componentId);

    private sealed class Subscription(InProcessConsoleEventStream stream, Func<IDomainEvent, CancellationToken, ValueTask> handler) : IDisposable
    {
        public Func<IDomainEvent, CancellationToken, ValueTask> Handler => handler;

        public void Dispose() => ImmutableInterlocked.Update(ref stream.subscriptions, list => list.Remove(this));
    }

    private sealed record DrainMarker : IDomainEvent
    {
        public Guid ComponentId => Guid.Empty;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
