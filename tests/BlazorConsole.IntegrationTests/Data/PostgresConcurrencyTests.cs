using System.Collections.Concurrent;
using System.Net;
using BlazorConsole.Data;
using BlazorConsole.Data.Writes;
using BlazorConsole.Domain.Builds;
using BlazorConsole.IntegrationTests.Builds;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Data;

/// <summary>A console host on a PostgreSQL database it shares with other hosts (a replica); keys in the database.</summary>
public sealed class ReplicaConsoleFactory(string sharedIdentity, bool runWorkers) : KestrelConsoleFactory
{
    public override DatabaseProvider Database => DatabaseProvider.Postgres;

    protected override string DatabaseIdentity => sharedIdentity;

    // The test drops the shared database after the last replica stopped.
    protected override bool KeepsDatabase => true;

    protected override bool RunBuildWorkers => runWorkers;

    /// <summary>When set, the replica reaches PostgreSQL only through it: cutting it is the replica's death as the database sees it.</summary>
    public TcpLink? DatabaseLink { get; init; }

    /// <summary><c>Console:ReplicaId</c>; random when null, as in production.</summary>
    public string? ReplicaId { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (DatabaseLink is { } link)
        {
            builder.UseSetting("ConnectionStrings:Console", link.Rewrite(TestDatabases.EnsurePostgresDatabase(PostgresDatabaseName)));
        }

        if (ReplicaId is { } replicaId)
        {
            builder.UseSetting("Console:ReplicaId", replicaId);
        }

        // Leases move within about a second: tests wait for them with deadlines, not sleeps.
        builder.UseSetting("Leases:RetryInterval", "00:00:00.500");
        builder.UseSetting("Leases:RecoverySweepInterval", "00:00:01");
        builder.UseSetting("Leases:KeepaliveInterval", "00:00:01");
        builder.UseSetting("Console:KeysInDatabase", "true"); // a secret stored through one replica is read by the other
        builder.UseSetting("Builds:PollMilliseconds", "300");
        builder.UseSetting("Builds:MaxConcurrency", "2");
    }
}

/// <summary>
/// Several console hosts on one PostgreSQL database, as replicas will run: the queue hands each build to exactly one
/// worker of one host, and a delivery sent to both hosts at once by many senders still queues one build.
/// </summary>
public sealed class PostgresConcurrencyTests : IAsyncLifetime
{
    private readonly string sharedIdentity = "replicas-" + Guid.NewGuid().ToString("N");
    private readonly string reposRoot = Directory.CreateTempSubdirectory("bc-pg-repos-").FullName;
    private ReplicaConsoleFactory first = null!;
    private ReplicaConsoleFactory second = null!;
    private GitSmartHttpServer server = null!;

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(reposRoot, BuildTestSupport.GitUser, BuildTestSupport.GitPassword);
        first = new ReplicaConsoleFactory(sharedIdentity, runWorkers: true);
        await first.InitializeAsync(); // migrates and bootstraps; the second finds both done
        second = new ReplicaConsoleFactory(sharedIdentity, runWorkers: true);
        await second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)second).DisposeAsync();
        await ((IAsyncLifetime)first).DisposeAsync();
        await TestDatabases.DropPostgresDatabaseAsync(TestDatabases.DatabaseNameFor(sharedIdentity));
        await server.DisposeAsync();
        try
        {
            Directory.Delete(reposRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Four_workers_in_two_hosts_run_every_queued_build_once()
    {
        var onFirst = new BuildTestSupport(first, server, reposRoot);
        var onSecond = new BuildTestSupport(second, server, reposRoot);
        var builds = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var (repo, _) = onFirst.Push(BuildTestSupport.StaticSite);
            var component = await onFirst.ComponentAsync(repo);
            // Queued through either host: both number and claim from the same rows.
            builds.Add(await (i % 2 == 0 ? onFirst : onSecond).ManualBuildAsync(component.Id));
        }

        foreach (var build in builds)
        {
            Assert.Equal("Succeeded", BuildTestSupport.Status(await onFirst.WaitForStatusAsync(build)));
        }

        // A build run by a host leaves its log in that host's data directory: once, in one of them.
        foreach (var build in builds)
        {
            // (Logs on the local disk are read through the host that ran the build; shared logs come with "Scale-out".)
            var ranOn = new[] { (first, onFirst), (second, onSecond) }.Where(host => File.Exists(Path.Combine(host.Item1.DataDir, "logs", "builds", $"{build}.log"))).ToList();
            Assert.True(ranOn.Count == 1, $"build {build} ran on {ranOn.Count} hosts");
            Assert.NotEmpty(await ranOn[0].Item2.LogAsync(build));
        }
    }

    [Fact]
    public async Task Claims_from_four_loops_in_two_hosts_take_each_build_once_and_one_at_a_time_per_component()
    {
        const int components = 10;
        const int buildsPerComponent = 4;
        // Hosts without workers of their own: the four loops below are the only claimers.
        var identity = "claims-" + Guid.NewGuid().ToString("N");
        var first = new ReplicaConsoleFactory(identity, runWorkers: false);
        var second = new ReplicaConsoleFactory(identity, runWorkers: false);
        try
        {
            await first.InitializeAsync();
            await second.InitializeAsync();
            await ClaimEveryBuildOnceAsync(first, second, components, buildsPerComponent);
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
            await TestDatabases.DropPostgresDatabaseAsync(TestDatabases.DatabaseNameFor(identity));
        }
    }

    private static async Task ClaimEveryBuildOnceAsync(ReplicaConsoleFactory first, ReplicaConsoleFactory second, int components, int buildsPerComponent)
    {
        var componentIds = new List<Guid>();
        for (var i = 0; i < components; i++)
        {
            componentIds.Add((await first.CreateComponentAsync(new { name = $"q{i}-" + Guid.NewGuid().ToString("N")[..6], application = "queue", gitUrl = "https://example.test/q.git", branch = "main", triggerKeyword = "" })).Id);
        }

        // Every component gets several Queued builds: only one of them may run at a time.
        await first.WithDbAsync(async db =>
        {
            foreach (var component in componentIds)
            {
                for (var n = 1; n <= buildsPerComponent; n++)
                {
                    db.Builds.Add(Build.Queue(component, n, BuildTrigger.Manual, "refs/heads/main", awaitingApproval: false, DateTimeOffset.UtcNow));
                }
            }

            return await db.SaveChangesAsync();
        });
        var expected = await first.WithDbAsync(db => db.Builds.Where(b => componentIds.Contains(b.ComponentId)).Select(b => b.Id).ToListAsync());

        var claimed = new ConcurrentBag<long>();
        var running = new ConcurrentDictionary<Guid, long>();
        var overlaps = new ConcurrentBag<string>();
        var loops = new[] { first, first, second, second }.Select(host => Task.Run(async () =>
        {
            var claims = host.Services.GetRequiredService<IBuildClaimStore>();
            var replica = host.Services.GetRequiredService<BlazorConsole.Data.Leases.ReplicaIdentity>().Id;
            var dbFactory = host.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
            var idle = 0;
            while (idle < 3)
            {
                var build = await claims.ClaimNextAsync(DateTimeOffset.UtcNow, replica, CancellationToken.None);
                if (build is null || !componentIds.Contains(build.ComponentId))
                {
                    idle++;
                    await Task.Delay(50);
                    continue;
                }

                idle = 0;
                claimed.Add(build.Id);
                if (!running.TryAdd(build.ComponentId, build.Id))
                {
                    overlaps.Add($"component {build.ComponentId}: {build.Id} while {running[build.ComponentId]} ran");
                }

                await Task.Delay(Random.Shared.Next(1, 15));
                running.TryRemove(build.ComponentId, out _);
                await using var db = await dbFactory.CreateDbContextAsync();
                var row = await db.Builds.SingleAsync(b => b.Id == build.Id);
                row.Finish(BuildStatus.Succeeded, null, DateTimeOffset.UtcNow);
                await db.SaveChangesAsync();
            }
        })).ToList();
        await Task.WhenAll(loops);

        Assert.Empty(overlaps);
        Assert.Equal(expected.Order(), claimed.Order());
    }

    [Fact]
    public async Task One_delivery_sent_32_times_at_once_to_two_hosts_queues_one_build()
    {
        var component = await first.CreateComponentAsync(new { name = "dup-" + Guid.NewGuid().ToString("N")[..6], application = "dups", gitUrl = "https://example.test/dup.git", branch = "master", triggerKeyword = "" });
        var delivery = RecordedDelivery.Load("github", "push");
        await first.SetWebhookSecretAsync(component.Id, delivery.Secret);
        using var toFirst = first.CreateSocketClient();
        using var toSecond = second.CreateSocketClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            using var request = delivery.ToRequest(component.Id);
            using var response = await (i % 2 == 0 ? toFirst : toSecond).SendAsync(request);
            return response.StatusCode;
        }));

        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.Accepted or HttpStatusCode.OK, $"answered {status}"));
        var (builds, duplicates) = await first.WithDbAsync(async db => (
            await db.Builds.CountAsync(b => b.ComponentId == component.Id),
            await db.WebhookDeliveries.CountAsync(d => d.ComponentId == component.Id && d.Decision == BlazorConsole.Domain.Webhooks.WebhookDecision.Duplicate)));
        Assert.Equal(1, builds);
        Assert.Equal(31, duplicates);
    }
    [Fact]
    public async Task Deliveries_to_one_component_through_two_hosts_number_its_builds_one_to_n_without_gaps()
    {
        // Each host's writer remembers its last commit; the other host's writes make that memory stale every few batches.
        var component = await first.CreateComponentAsync(new { name = "num-" + Guid.NewGuid().ToString("N")[..6], application = "numbers", gitUrl = "https://example.test/num.git", branch = "master", triggerKeyword = "" });
        var template = RecordedDelivery.Load("github", "push");
        await first.SetWebhookSecretAsync(component.Id, template.Secret);
        using var toFirst = first.CreateSocketClient();
        using var toSecond = second.CreateSocketClient();

        const int Senders = 8, PerSender = 12;
        var statuses = await Task.WhenAll(Enumerable.Range(0, Senders).Select(async sender =>
        {
            var delivery = RecordedDelivery.Load("github", "push"); // one per sender: a new delivery id rewrites its headers
            var answered = new List<HttpStatusCode>();
            for (var i = 0; i < PerSender; i++)
            {
                using var request = delivery.WithNewDeliveryId().ToRequest(component.Id);
                using var response = await ((sender + i) % 2 == 0 ? toFirst : toSecond).SendAsync(request);
                answered.Add(response.StatusCode);
            }

            return answered;
        }));

        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(HttpStatusCode.Accepted, status));
        var numbers = await first.WithDbAsync(db => db.Builds.Where(b => b.ComponentId == component.Id).Select(b => b.Number).OrderBy(n => n).ToListAsync());
        Assert.Equal(Enumerable.Range(1, Senders * PerSender), numbers);
    }
}
