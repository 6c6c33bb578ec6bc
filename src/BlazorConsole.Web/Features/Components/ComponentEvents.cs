namespace BlazorConsole.Web.Features.Components;

/// <summary>
/// In-process notifications that a component's deliveries or builds changed, so open pages refresh at once
/// (subscribers re-read through services; nothing is pushed but the component id).
/// </summary>
public sealed class ComponentEvents
{
    public event Action<Guid>? Changed;

    /// <summary>Called from the delivery writer: one faulty subscriber must not stop it or the others.</summary>
    public void Publish(Guid componentId)
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<Guid>>() ?? [])
        {
            try
            {
                handler(componentId);
            }
#pragma warning disable CA1031 // A page's refresh failing is that page's problem, never the writer's.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
