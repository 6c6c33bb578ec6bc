namespace BlazorConsole.Domain.Events;

/// <summary>
/// The console's event stream: commit status, live pages and notifications subscribe; the data layer and the queue
/// publish. In process today; the Redis-backed stream of several replicas implements the same seam.
/// </summary>
public interface IConsoleEventStream
{
    /// <summary>Hands the event to every subscriber without waiting for them; a failing subscriber never fails the publisher.</summary>
    void Publish(IDomainEvent domainEvent);

    /// <summary>Calls <paramref name="handler"/> for every event published from now on, until the returned handle is disposed.</summary>
    IDisposable Subscribe(Func<IDomainEvent, CancellationToken, ValueTask> handler);
}
