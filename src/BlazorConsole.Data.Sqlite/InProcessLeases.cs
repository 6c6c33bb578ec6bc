using System.Collections.Concurrent;
using BlazorConsole.Data.Leases;

namespace BlazorConsole.Data.Sqlite;

/// <summary>
/// Leases of the embedded engine. A SQLite console is one process (the file belongs to it), so every lease is this
/// process's: taken at once unless this process already holds it, and never lost.
/// </summary>
internal sealed class InProcessLeases : ILeaseProvider
{
    private readonly ConcurrentDictionary<string, InProcessLease> held = new(StringComparer.Ordinal);

    public Task<ILease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lease = new InProcessLease(name, this);
        return Task.FromResult<ILease?>(held.TryAdd(name, lease) ? lease : null);
    }

    private void Release(InProcessLease lease) => held.TryRemove(new KeyValuePair<string, InProcessLease>(lease.Name, lease));

    private sealed class InProcessLease(string name, InProcessLeases owner) : ILease
    {
        public string Name => name;

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            owner.Release(this);
            return ValueTask.CompletedTask;
        }
    }
}
