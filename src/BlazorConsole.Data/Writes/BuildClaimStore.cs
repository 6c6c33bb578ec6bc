namespace BlazorConsole.Data.Writes;

/// <summary>A build a worker now owns (its row is Running).</summary>
public sealed record ClaimedBuild(long Id, Guid ComponentId, int Number);

/// <summary>
/// The build queue's state changes that must be decided by the database, not by a process: a claim only one worker
/// can win and the supersede sweep. Each provider writes them in its own SQL (SQLite: one writer at a time;
/// PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so workers of several hosts never wait on each other).
/// </summary>
public interface IBuildClaimStore
{
    /// <summary>Older Queued builds of a component that has a newer Queued one become Superseded; returns their components.</summary>
    Task<IReadOnlyList<Guid>> SupersedeAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The oldest Queued build whose component has nothing Running, now Running and claimed by <paramref name="replicaId"/>
    /// (so survivors can tell whose it is when that replica dies); null when there is none.
    /// </summary>
    Task<ClaimedBuild?> ClaimNextAsync(DateTimeOffset now, string replicaId, CancellationToken cancellationToken);
}
