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

    /// <summary>The id of the component that changed; <see cref="Guid.Empty"/> = any may have (see <see cref="Concerns"/>).</summary>
    public event Action<Guid>? Changed;

    /// <summary>Whether a change concerns the page of <paramref name="componentId"/>: its own, or "re-read everything".</summary>
    public static bool Concerns(Guid changed, Guid componentId) => changed == componentId || changed == Guid.Empty;

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
