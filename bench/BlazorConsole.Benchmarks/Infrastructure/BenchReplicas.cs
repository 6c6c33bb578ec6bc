using BlazorConsole.TestSupport;

namespace BlazorConsole.Benchmarks.Infrastructure;

/// <summary>
/// <c>--replicas N</c>: N console hosts as a user runs several replicas — one PostgreSQL database, one Redis (a
/// redis-server of this run on a free loopback port), one shared directory for build logs, keys in the database.
/// </summary>
internal sealed class BenchReplicas : IAsyncDisposable
{
    private readonly RedisTestServer redis;
    private readonly string database;
    private readonly string sharedDir;

    private BenchReplicas(IReadOnlyList<BenchHost> hosts, RedisTestServer redis, string database, string sharedDir)
    {
        Hosts = hosts;
        this.redis = redis;
        this.database = database;
        this.sharedDir = sharedDir;
    }

    /// <summary>How many replicas the scenario runs (1 = the plain single console).</summary>
    public static int Count { get; set; } = 1;

    public IReadOnlyList<BenchHost> Hosts { get; }

    public static async Task<BenchReplicas> StartAsync(int count, IDictionary<string, string?>? settings = null)
    {
        if (RedisTestServer.UnavailableReason is { } reason)
        {
            throw new InvalidOperationException("--replicas needs redis-server: " + reason);
        }

        var redis = await RedisTestServer.StartAsync();
        var (databaseSettings, database) = await BenchDatabase.ForNewHostAsync();
        var sharedDir = Directory.CreateTempSubdirectory("bc-bench-shared-").FullName;
        var replicaSettings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["Console:SharedDir"] = sharedDir,
            ["Console:KeysInDatabase"] = "true",
            ["Runtime:Default"] = "docker",
        };
        var hosts = new List<BenchHost>();
        // One after the other: the first migrates and bootstraps, the others find both done.
        for (var i = 0; i < count; i++)
        {
            hosts.Add(await BenchHost.StartAsync(replicaSettings, databaseSettings));
        }

        return new BenchReplicas(hosts, redis, database ?? throw new InvalidOperationException("--replicas runs on PostgreSQL"), sharedDir);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts.Reverse())
        {
            await host.DisposeAsync();
        }

        await BenchDatabase.DropAsync(database);
        await redis.DisposeAsync();
        try
        {
            Directory.Delete(sharedDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
