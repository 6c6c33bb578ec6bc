namespace BlazorConsole.Data.Leases;

/// <summary>
/// Named, exclusive leases shared by every console replica on one database: work that must run once across replicas
/// (the start-up reconcile, the retention sweep, the recovery of a gone replica's builds) runs where its lease is held,
/// and a replica's own lease tells the others it is alive. The database engine decides how: in-process on SQLite (one
/// process, so always this process's), PostgreSQL session advisory locks with several replicas — a lease ends with the
/// session that holds it, so a replica that dies loses its leases as soon as PostgreSQL sees its connections end.
/// </summary>
public interface ILeaseProvider
{
    /// <summary>Takes <paramref name="name"/> when no one holds it; null at once when someone does (never waits for a holder).</summary>
    Task<ILease?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A lease this replica holds until it is disposed (released) or <see cref="Lost"/> fires.</summary>
public interface ILease : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Cancelled when the lease ended without being released (its database session ended); never on SQLite.</summary>
    CancellationToken Lost { get; }
}

/// <summary>The leases the console takes; a replica's own one is <see cref="Replica"/>.</summary>
public static class LeaseNames
{
    /// <summary>The start-up reconcile of releases (and the runtimes' clean-up of leftovers that comes with it).</summary>
    public const string ReleaseReconciler = "release-reconciler";

    /// <summary>The delivery log's retention sweep.</summary>
    public const string DeliveryRetention = "delivery-retention";

    /// <summary>The survivor that recovers builds a gone replica left Running.</summary>
    public const string BuildRecovery = "build-recovery";

    private const string ReplicaPrefix = "replica:";

    /// <summary>Held by a replica for its whole life: whoever can take it knows that replica is gone.</summary>
    public static string Replica(string replicaId) => ReplicaPrefix + replicaId;

    public static bool IsReplica(string name) => name.StartsWith(ReplicaPrefix, StringComparison.Ordinal);
}
