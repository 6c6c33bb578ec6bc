using BlazorConsole.Data.Leases;
using Medallion.Threading.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BlazorConsole.Data.Postgres;

/// <summary>
/// Leases as PostgreSQL session advisory locks (DistributedLock.Postgres), each on a connection of its own that it keeps
/// for as long as it is held. A replica that dies closes its connections (or stops answering the server's TCP
/// keepalives), PostgreSQL ends those sessions and their locks with them, and the next replica that asks gets the lease.
/// The connections have their own pool and carry the replica's id as application name, so
/// <c>pg_stat_activity</c> shows who holds what.
/// </summary>
internal sealed class PostgresLeases(IOptions<DatabaseOptions> database, IOptions<LeaseOptions> leases, ReplicaIdentity replica) : ILeaseProvider, IDisposable
{
    // Advisory keys are per database; the prefix keeps the console's names apart from other users of the database.
    private const string KeyPrefix = "blazorconsole:";

    private readonly Lock gate = new();
    private NpgsqlDataSource? source;
    private bool checkDuringQueries = true;

    public async Task<ILease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await TryAcquireOnceAsync(name, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedObject && checkDuringQueries)
        {
            // PostgreSQL before 14 has no client_connection_check_interval: do without it (a dead replica's leases then
            // end when the server next writes to its sessions, at the latest after the TCP keepalives).
            lock (gate)
            {
                checkDuringQueries = false;
                source?.Dispose(); // no connection of it ever opened: the server refuses every one of them
                source = null;
            }

            return await TryAcquireOnceAsync(name, cancellationToken);
        }
    }

    private async Task<ILease?> TryAcquireOnceAsync(string name, CancellationToken cancellationToken)
    {
        var keepalive = leases.Value.KeepaliveInterval;
        var advisoryLock = new PostgresDistributedLock(
            new PostgresAdvisoryLockKey(KeyPrefix + name, allowHashing: true),
            Source(),
            // One session per lease (no multiplexing): losing one connection loses one lease, and the keepalive notices it.
            options => options.KeepaliveCadence(keepalive).UseMultiplexing(false));
        var handle = await advisoryLock.TryAcquireAsync(TimeSpan.Zero, cancellationToken);
        return handle is null ? null : new PostgresLease(name, handle);
    }

    private NpgsqlDataSource Source()
    {
        lock (gate)
        {
            return source ??= Create(
                database.Value.ConnectionString ?? throw new InvalidOperationException("ConnectionStrings:Console is not set (Database:Provider=Postgres)."),
                replica.Id,
                checkDuringQueries);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            source?.Dispose();
            source = null;
        }
    }

    private static NpgsqlDataSource Create(string connectionString, string replicaId, bool checkDuringQueries)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = $"blazorconsole {replicaId} leases",
        };

        // The server must notice a dead replica even while a lease's session runs the lock's monitoring query, which keeps
        // it from reading the socket: client_connection_check_interval (PostgreSQL 14+) checks the connection during
        // queries. TCP keepalives end the session of a replica whose machine vanished (no FIN, no RST) after about 25 s
        // instead of the kernel's default two hours. On a Unix socket a dead process closes it anyway.
        var serverKeepalives = (checkDuringQueries ? "-c client_connection_check_interval=1000 " : "")
            + "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? serverKeepalives : builder.Options + " " + serverKeepalives;
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    private sealed class PostgresLease(string name, PostgresDistributedLockHandle handle) : ILease
    {
        public string Name => name;

        // Read once while the handle lives: the handle throws ObjectDisposedException for it after the release.
        public CancellationToken Lost { get; } = handle.HandleLostToken;

        public ValueTask DisposeAsync() => handle.DisposeAsync();
    }
}
