using BlazorConsole.Domain.Events;

namespace BlazorConsole.Web.Features.Components;

/// <summary>
/// What open pages listen to: "something about this component changed", from every event of the console's event
/// stream, so a page re-reads through its services at once (nothing is pushed but the component id).
/// </summary>
public sealed class ComponentEvents : IDisposable
{
    private readonly IDisposable subscription;

    public ComponentEvents(IConsoleEventStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        subscription = stream.Subscribe(Notify);
    }

    public event Action<Guid>? Changed;

    public void Dispose() => subscription.Dispose();

    private ValueTask Notify(IDomainEvent domainEvent, CancellationToken cancellationToken)
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<Guid>>() ?? [])
        {
            try
            {
                handler(domainEvent.ComponentId);
            }
#pragma warning disable CA1031 // One closed page's refresh failing must not keep the others stale.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        return ValueTask.CompletedTask;
    }
}
