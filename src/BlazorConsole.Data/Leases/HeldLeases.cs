using System.Collections.Concurrent;

namespace BlazorConsole.Data.Leases;

/// <summary>The leases this replica holds right now, for <c>/healthz</c> and logs.</summary>
public sealed class HeldLeases
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> held = new(StringComparer.Ordinal);

    public void Add(string name, DateTimeOffset since) => held[name] = since;

    public void Remove(string name) => held.TryRemove(name, out _);

    public bool Holds(string name) => held.ContainsKey(name);

    /// <summary>Name and since when, ordered by name.</summary>
    public IReadOnlyList<(string Name, DateTimeOffset Since)> Snapshot() =>
        held.Select(pair => (pair.Key, pair.Value)).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
}
