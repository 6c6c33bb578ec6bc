using System.Collections.Concurrent;
using System.Globalization;
using BlazorConsole.Data;
using BlazorConsole.Domain.Events;
using BlazorConsole.IntegrationTests.Builds;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.TestSupport;
using BlazorConsole.Web.Features.Builds.Logs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorConsole.IntegrationTests.ScaleOut;

/// <summary>
/// A console replica as a user runs several: one PostgreSQL database, one Redis, one shared directory for build logs,
/// keys in the database, releases on Docker.
/// </summary>
public sealed class RedisReplicaConsoleFactory(
    string sharedIdentity, string sharedDir, string redis, string channelPrefix, bool runWorkers, int pollMilliseconds = 300, bool deploy = false)
    : KestrelConsoleFactory
{
    protected override bool DeployAfterBuild => deploy;

    public override DatabaseProvider Database => DatabaseProvider.Postgres;

    protected override string DatabaseIdentity => sharedIdentity;

    protected override bool KeepsDatabase => true;

    protected override bool RunBuildWorkers => runWorkers;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Redis:Configuration", redis);
        builder.UseSetting("Redis:ChannelPrefix", channelPrefix);
        builder.UseSetting("Console:SharedDir", sharedDir);
        builder.UseSetting("Console:KeysInDatabase", "true");
        builder.UseSetting("Runtime:Default", "docker");
        builder.UseSetting("Docker:Endpoint", TestDocker.Endpoint ?? "unix:///var/run/docker.sock");
        builder.UseSetting("Builds:PollMilliseconds", pollMilliseconds.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Runtime:DrainSeconds", "1");
        builder.UseSetting("Runtime:HealthCheckTimeoutSeconds", "30");
    }
}

/// <summary>
/// Three replicas on one PostgreSQL and one Redis (real redis-server, real Kestrel ports): what one replica does is
/// seen live on the others — the queue's wake-up, the event stream, build log lines — and a Redis outage loses
/// nothing that was acknowledged.
/// </summary>
public sealed class RedisReplicaTests : IAsyncLifetime
{
    private readonly string sharedIdentity = "redis-replicas-" + Guid.NewGuid().ToString("N");
    private readonly string sharedDir = Directory.CreateTempSubdirectory("bc-shared-").FullName;
    private readonly string reposRoot = Directory.CreateTempSubdirectory("bc-redis-repos-").FullName;
    private readonly string channelPrefix = "bc-test-" + Guid.NewGuid().ToString("N")[..8];
    private RedisTestServer redis = null!;
    private GitSmartHttpServer server = null!;
    private RedisReplicaConsoleFactory receiver = null!;
    private RedisReplicaConsoleFactory worker = null!;
    private RedisReplicaConsoleFactory viewer = null!;

    public async Task InitializeAsync()
    {
        if (RedisTestServer.UnavailableReason is not null)
        {
            return; // each test skips with the reason
        }

        redis = await RedisTestServer.StartAsync();
        server = await GitSmartHttpServer.StartAsync(reposRoot, BuildTestSupport.GitUser, BuildTestSupport.GitPassword);
        // Only the worker replica runs builds, and it polls once a minute (the longest Builds:PollMilliseconds): a build it starts within seconds was woken
        // through Redis by the replica that received the webhook.
        receiver = Replica(runWorkers: false);
        await receiver.InitializeAsync(); // migrates and bootstraps; the others find both done
        worker = Replica(runWorkers: true, pollMilliseconds: 60_000);
        await worker.InitializeAsync();
        viewer = Replica(runWorkers: false);
        await viewer.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in new[] { viewer, worker, receiver })
        {
            if (replica is not null)
            {
                await ((IAsyncLifetime)replica).DisposeAsync();
            }
        }

        await TestDatabases.DropPostgresDatabaseAsync(TestDatabases.DatabaseNameFor(sharedIdentity));
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        foreach (var directory in new[] { reposRoot, sharedDir })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private RedisReplicaConsoleFactory Replica(bool runWorkers, int pollMilliseconds = 300) =>
        new(sharedIdentity, sharedDir, redis.Configuration, channelPrefix, runWorkers, pollMilliseconds);

    [SkippableFact]
    public async Task A_webhook_to_one_replica_is_built_by_another_and_every_replica_sees_its_events_live()
    {
        Skip.If(RedisTestServer.UnavailableReason is not null, RedisTestServer.UnavailableReason);
        var seenByViewer = new ConcurrentQueue<IDomainEvent>();
        using var subscription = viewer.Services.GetRequiredService<IConsoleEventStream>().Subscribe((e, _) =>
        {
            seenByViewer.Enqueue(e);
            return ValueTask.CompletedTask;
        });
        var onReceiver = new BuildTestSupport(receiver, server, reposRoot);
        var (repo, sha) = onReceiver.Push(BuildTestSupport.StaticSite);
        var component = await onReceiver.ComponentAsync(repo);

        var answer = await onReceiver.PushWebhookAsync(component, sha);

        var buildId = answer.GetProperty("buildId").GetInt64();
        var build = await onReceiver.WaitForStatusAsync(buildId, seconds: 50);
        Assert.Equal("Succeeded", BuildTestSupport.Status(build));
        // The viewer replica neither received the delivery nor ran the build, yet its subscribers heard both, in order.
        await WaitUntilAsync(() => seenByViewer.OfType<BuildFinished>().Any(e => e.BuildId == buildId), "the viewer never heard BuildFinished");
        var ofThisBuild = seenByViewer.Where(e => e.ComponentId == component.Id).Select(e => e.GetType().Name).ToList();
        Assert.Contains(nameof(DeliveryRecorded), ofThisBuild);
        Assert.True(ofThisBuild.IndexOf(nameof(BuildStarted)) < ofThisBuild.IndexOf(nameof(BuildFinished)), string.Join(", ", ofThisBuild));
        Assert.Single(seenByViewer.OfType<BuildFinished>(), e => e.BuildId == buildId);
        // The log of a build the worker ran is read through the replica that did not run it (the shared directory).
        Assert.Contains("Build succeeded in ", await new BuildTestSupport(viewer, server, reposRoot).LogAsync(buildId), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_cancel_sent_to_one_replica_stops_the_build_another_replica_runs()
    {
        Skip.If(RedisTestServer.UnavailableReason is not null, RedisTestServer.UnavailableReason);
        var onReceiver = new BuildTestSupport(receiver, server, reposRoot);
        var (repo, _) = onReceiver.Push(BuildTestSupport.SlowPackageJson);
        var component = await onReceiver.ComponentAsync(repo);
        var buildId = await onReceiver.ManualBuildAsync(component.Id);
        // Running on the worker (the only replica with workers), its log read through the receiver.
        await onReceiver.WaitForLogValueAsync(buildId, "child-pid=");

        using var client = receiver.CreateApiClient(ConsoleFactory.AdminToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/builds/{buildId}/cancel", null)).StatusCode);

        var build = await onReceiver.WaitForStatusAsync(buildId, seconds: 60);
        Assert.Equal("Canceled", BuildTestSupport.Status(build));
        var (detail, ranOn) = await viewer.WithDbAsync(async db => await db.Builds.Where(b => b.Id == buildId).Select(b => new { b.StatusDetail, b.ClaimedBy }).SingleAsync() is var row
            ? (row.StatusDetail, row.ClaimedBy) : default);
        Assert.Equal($"canceled by {ConsoleFactory.AdminEmail}", detail);
        Assert.Equal(worker.Services.GetRequiredService<BlazorConsole.Data.Leases.ReplicaIdentity>().Id, ranOn);
    }

    [SkippableFact]
    public async Task A_signalr_client_on_one_replica_receives_every_line_another_replica_writes_in_order_once()
    {
        Skip.If(RedisTestServer.UnavailableReason is not null, RedisTestServer.UnavailableReason);
        const int Lines = 20_000;
        var buildKey = (920_000_000L + Random.Shared.Next(1_000_000)).ToString(CultureInfo.InvariantCulture);
        await using var connection = await ConnectAsync(viewer);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stream = connection.StreamAsync<BuildLogBatchMessage>("Follow", long.Parse(buildKey, CultureInfo.InvariantCulture), 1L, timeout.Token);
        var firstBatch = stream.GetAsyncEnumerator(timeout.Token);

        // Written on the worker replica, half before the viewer's client is surely following, half while it is.
        var writing = Task.Run(async () =>
        {
            using var writer = worker.Services.GetRequiredService<BuildLogStore>().OpenWriter(buildKey);
            for (var start = 1; start <= Lines; start += 500)
            {
                writer.WriteLines(Enumerable.Range(start, 500).Select(n => "line " + n.ToString(CultureInfo.InvariantCulture)));
                await Task.Yield();
            }

            writer.Complete();
        });

        var received = new List<BuildLogLineMessage>();
        while (await firstBatch.MoveNextAsync())
        {
            received.AddRange(firstBatch.Current.Lines);
            if (firstBatch.Current.Completed)
            {
                break;
            }
        }

        await writing;
        Assert.Equal(Lines, received.Count);
        for (var i = 0; i < received.Count; i++)
        {
            Assert.True(received[i].Seq == i + 1 && received[i].Text == $"line {i + 1}", $"line {i}: got {received[i].Seq} '{received[i].Text}'");
        }
    }

    [SkippableFact]
    public async Task With_redis_down_deliveries_are_still_acknowledged_and_kept_and_live_lines_flow_again_once_it_is_back()
    {
        Skip.If(RedisTestServer.UnavailableReason is not null, RedisTestServer.UnavailableReason);
        var onReceiver = new BuildTestSupport(receiver, server, reposRoot);
        var (repo, sha) = onReceiver.Push(BuildTestSupport.StaticSite);
        var component = await onReceiver.ComponentAsync(repo);

        using var probe = viewer.CreateSocketClient();
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var pages = viewer.Services.GetRequiredService<IConsoleEventStream>().Subscribe((e, _) =>
        {
            if (e is LiveUpdatesResumed)
            {
                resumed.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
        await redis.StopAsync();
        var acknowledged = 0;
        try
        {
            // Load balancers take a replica without Redis out; it is still alive (no restart wanted).
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await probe.GetAsync("/healthz/ready")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await probe.GetAsync("/healthz")).StatusCode);
            // Deliveries keep flowing for at least 5 s of outage; 202 only for what PostgreSQL stored (Redis carries
            // signals, never the only copy).
            var outage = System.Diagnostics.Stopwatch.StartNew();
            while (outage.Elapsed < TimeSpan.FromSeconds(5) || acknowledged < 5)
            {
                await onReceiver.PushWebhookAsync(component, sha);
                acknowledged++;
                await Task.Delay(100);
            }
        }
        finally
        {
            await redis.StartAgainAsync();
        }

        await WaitUntilAsync(() => probe.GetAsync("/healthz/ready").GetAwaiter().GetResult().StatusCode == System.Net.HttpStatusCode.OK,
            "/healthz/ready did not recover after Redis came back");
        // Open pages on the viewer are told to re-read what they missed.
        await resumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stored = await viewer.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.ComponentId == component.Id));
        Assert.True(acknowledged >= 5, $"{acknowledged} deliveries during the outage");
        Assert.Equal(acknowledged, stored);

        // The subscriptions come back by themselves: a log written on the worker reaches a follower on the viewer again.
        var buildKey = (930_000_000L + Random.Shared.Next(1_000_000)).ToString(CultureInfo.InvariantCulture);
        var follower = viewer.Services.GetRequiredService<BuildLogStore>();
        var lines = new ConcurrentQueue<BuildLogLine>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var following = follower.Follow(buildKey, 1, batch =>
        {
            foreach (var line in batch.Lines)
            {
                lines.Enqueue(line);
            }

            if (batch.Completed)
            {
                completed.TrySetResult();
            }
        });
        var writer = worker.Services.GetRequiredService<BuildLogStore>().OpenWriter(buildKey);
        await WaitUntilAsync(() =>
        {
            // Written until one reaches the viewer live (the worker's connection comes back on its own schedule).
            writer.Write("after the outage");
            return !lines.IsEmpty;
        }, "no live line reached the viewer after Redis came back");
        writer.Complete();
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(lines, l => Assert.Equal("after the outage", l.Text));
        Assert.Equal(Enumerable.Range(1, lines.Count).Select(n => (long)n), lines.Select(l => l.Sequence));
    }

    [SkippableFact]
    public async Task Deliveries_spread_over_three_replicas_by_16_senders_with_every_id_sent_twice_build_once_per_id_numbered_without_gaps()
    {
        Skip.If(RedisTestServer.UnavailableReason is not null, RedisTestServer.UnavailableReason);
        const int Components = 4, DistinctPerComponent = 25, Senders = 16;
        var replicas = new[] { receiver, worker, viewer };
        var template = RecordedDelivery.Load("github", "push");
        var componentIds = new List<Guid>();
        for (var i = 0; i < Components; i++)
        {
            var component = await receiver.CreateComponentAsync(new
            {
                name = "spread-" + Guid.NewGuid().ToString("N")[..6], application = "spread", gitUrl = "https://example.test/spread.git", branch = "master", triggerKeyword = "",
            });
            await receiver.SetWebhookSecretAsync(component.Id, template.Secret);
            componentIds.Add(component.Id);
        }

        // Every delivery twice, to two different replicas, in a shuffled order that 16 senders drain concurrently (one
        // RecordedDelivery per id: a new id rewrites its headers).
        var sends = componentIds
            .SelectMany(id => Enumerable.Range(0, DistinctPerComponent).Select(_ => (Component: id, Delivery: RecordedDelivery.Load("github", "push").WithNewDeliveryId())))
            .SelectMany((d, i) => new[] { (d.Component, d.Delivery, Replica: i % 3), (d.Component, d.Delivery, Replica: (i + 1) % 3) })
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var pending = new ConcurrentQueue<(Guid Component, RecordedDelivery Delivery, int Replica)>(sends);
        var clients = replicas.Select(r => r.CreateSocketClient()).ToArray();
        var answers = new ConcurrentBag<System.Net.HttpStatusCode>();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
            {
                while (pending.TryDequeue(out var send))
                {
                    using var request = send.Delivery.ToRequest(send.Component);
                    using var response = await clients[send.Replica].SendAsync(request);
                    answers.Add(response.StatusCode);
                }
            })));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        Assert.Equal(2 * Components * DistinctPerComponent, answers.Count);
        Assert.All(answers, status => Assert.True(status is System.Net.HttpStatusCode.Accepted or System.Net.HttpStatusCode.OK, $"answered {status}"));
        foreach (var id in componentIds)
        {
            var (numbers, duplicates) = await viewer.WithDbAsync(async db => (
                await db.Builds.Where(b => b.ComponentId == id).Select(b => b.Number).OrderBy(n => n).ToListAsync(),
                await db.WebhookDeliveries.CountAsync(d => d.ComponentId == id && d.Decision == BlazorConsole.Domain.Webhooks.WebhookDecision.Duplicate)));
            Assert.Equal(Enumerable.Range(1, DistinctPerComponent), numbers);
            Assert.Equal(DistinctPerComponent, duplicates);
        }
    }

    [Fact]
    public async Task Replica_mode_on_sqlite_or_the_process_runtime_refuses_to_start_saying_what_to_set()
    {
        var misconfigured = new MisconfiguredReplicaFactory("127.0.0.1:1");
        var failure = await Assert.ThrowsAnyAsync<Exception>(misconfigured.InitializeAsync);
        await misconfigured.DisposeAsync();

        var message = failure.ToString();
        Assert.Contains("Redis:Configuration is set, so this console runs as one of several replicas", message, StringComparison.Ordinal);
        Assert.Contains("Set Database:Provider=Postgres", message, StringComparison.Ordinal);
        Assert.Contains("set Console:KeysInDatabase=true", message, StringComparison.Ordinal);
        Assert.Contains("set Console:SharedDir", message, StringComparison.Ordinal);
        Assert.Contains("the process runtime runs an app as a child of the replica that started it", message, StringComparison.Ordinal);
    }

    private static async Task<HubConnection> ConnectAsync(KestrelConsoleFactory replica)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(replica.BaseAddress, BuildLogHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(ConsoleFactory.AdminToken))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }

    /// <summary>Redis set, everything else as for one console (SQLite, keys on disk, no shared directory, processes).</summary>
    private sealed class MisconfiguredReplicaFactory(string redis) : KestrelConsoleFactory
    {
        public override DatabaseProvider Database => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Redis:Configuration", redis);
        }
    }
}
