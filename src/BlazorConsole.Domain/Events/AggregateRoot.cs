namespace BlazorConsole.Domain.Events;

/// <summary>
/// An entity whose transitions raise events. They are collected here and published by the data layer once the change
/// is committed, so a subscriber never hears about a state that was rolled back.
/// </summary>
public abstract class AggregateRoot
{
    private readonly List<IDomainEvent> domainEvents = [];

    public IReadOnlyList<IDomainEvent> DomainEvents => domainEvents;

    public void ClearDomainEvents() => domainEvents.Clear();

    protected void Raise(IDomainEvent domainEvent) => domainEvents.Add(domainEvent);
}
