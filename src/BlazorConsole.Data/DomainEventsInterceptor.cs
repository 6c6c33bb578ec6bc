using BlazorConsole.Domain.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorConsole.Data;

/// <summary>
/// Publishes the events that entities raised in their transitions, after the change is committed: a subscriber never
/// hears of a state that was rolled back or lost a concurrency race. Outside an explicit transaction SaveChanges is
/// its own commit; inside one, events wait for the transaction's commit.
/// </summary>
internal sealed class DomainEventsInterceptor(IConsoleEventStream stream) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // One interceptor serves every context of the factory: events waiting for a commit are kept per context.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<IDomainEvent>> heldForCommit = [];

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => ReleaseHeld(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseHeld(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => DropHeld(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        DropHeld(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var raised = Drain(context);
        if (context.Database.CurrentTransaction is not null)
        {
            lock (heldForCommit)
            {
                heldForCommit.GetOrCreateValue(context).AddRange(raised);
            }

            return;
        }

        foreach (var domainEvent in raised)
        {
            stream.Publish(domainEvent);
        }
    }

    private void ReleaseHeld(DbContext? context)
    {
        List<IDomainEvent>? held;
        lock (heldForCommit)
        {
            if (context is null || !heldForCommit.TryGetValue(context, out held))
            {
                return;
            }

            heldForCommit.Remove(context);
        }

        foreach (var domainEvent in held)
        {
            stream.Publish(domainEvent);
        }
    }

    private void DropHeld(DbContext? context)
    {
        if (context is not null)
        {
            lock (heldForCommit)
            {
                heldForCommit.Remove(context);
            }
        }
    }

    private static void Discard(DbContext? context)
    {
        if (context is not null)
        {
            Drain(context);
        }
    }

    private static List<IDomainEvent> Drain(DbContext context)
    {
        var raised = new List<IDomainEvent>();
        foreach (var entry in context.ChangeTracker.Entries<AggregateRoot>())
        {
            raised.AddRange(entry.Entity.DomainEvents);
            entry.Entity.ClearDomainEvents();
        }

        return raised;
    }
}
