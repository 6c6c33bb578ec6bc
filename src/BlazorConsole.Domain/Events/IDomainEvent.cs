namespace BlazorConsole.Domain.Events;

/// <summary>
/// Something that happened to a component's builds, releases or deliveries. Every event names its component, because
/// that is what subscribers (live pages, commit status, notifications) filter on.
/// </summary>
public interface IDomainEvent
{
    Guid ComponentId { get; }
}
