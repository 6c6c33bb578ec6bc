using System.Globalization;
using BlazorConsole.IntegrationTests.Builds;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.IntegrationTests.Releases;
using BlazorConsole.TestSupport;
using BlazorConsole.Web.Features.Builds.Logs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.ScaleOut;

/// <summary>
/// The path of the first scenario on real parts (PostgreSQL, redis-server, dockerd, three Kestrel replicas): a
/// webhook to replica A is built and deployed by replica B, a SignalR client on replica C follows the whole build log,
/// and the app answers through every replica's port.
/// </summary>
public sealed class RedisReplicaDockerTests : IAsyncLifetime
{
    private readonly string sharedIdentity = "redis-docker-" + Guid.NewGuid().ToString("N");
    private readonly string sharedDir = Directory.CreateTempSubdirectory("bc-shared-").FullName;
    private readonly string reposRoot = TestDirectories.CreateTraversable("bc-redis-docker-repos-").FullName;
    private readonly string channelPrefix = "bc-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<Guid> components = [];
    private RedisTestServer? redis;
    private GitSmartHttpServer? server;
    private readonly List<RedisReplicaConsoleFactory> replicas = [];

    private static string? UnavailableReason => RedisTestServer.UnavailableReason ?? TestDocker.UnavailableReason;

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        redis = await RedisTestServer.StartAsync();
        server = await GitSmartHttpServer.StartAsync(reposRoot, BuildTestSupport.GitUser, BuildTestSupport.GitPassword);
        foreach (var worker in new[] { false, true, false })
        {
            var replica = new RedisReplicaConsoleFactory(sharedIdentity, sharedDir, redis.Configuration, channelPrefix, runWorkers: worker, deploy: worker);
            await replica.InitializeAsync();
            replicas.Add(replica);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in Enumerable.Reverse(replicas))
        {
            await ((IAsyncLifetime)replica).DisposeAsync();
        }

        // Replicas keep their containers when they stop (another replica may serve them): removed here with the images.
        // (Containers are labelled with the component's id, images with its key.)
        foreach (var component in components)
        {
            foreach (var (list, remove, label) in new[] { ("ps -aq", "rm", component.ToString()), ("images -q", "rmi", component.ToString("N")) })
            {
                var args = list.Split(' ').Concat(["--filter", $"label=blazorconsole.component={label}"]).ToArray();
                foreach (var id in TestImages.Docker(args).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
                {
                    TestImages.Docker(remove, "-f", id);
                }
            }
        }

        if (replicas.Count > 0)
        {
            await TestDatabases.DropPostgresDatabaseAsync(TestDatabases.DatabaseNameFor(sharedIdentity));
        }

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

    [SkippableFact]
    public async Task A_webhook_to_replica_a_is_built_and_deployed_by_b_followed_live_on_c_and_served_through_every_replica()
    {
        Skip.If(UnavailableReason is not null, UnavailableReason);
        var (receiver, worker, viewer) = (replicas[0], replicas[1], replicas[2]);
        var onReceiver = new BuildTestSupport(receiver, server, reposRoot);
        var repo = GitTestRepository.Create(reposRoot, "replicated-" + Guid.NewGuid().ToString("N")[..8]);
        var run = Guid.NewGuid().ToString("N")[..8]; // a step of its own: the engine's cache would print nothing
        TestDocker.WriteBusyboxSite(repo.WorkPath, "<h1>served by every replica</h1>",
            $$"""RUN ["/bin/sh", "-c", "for i in $(seq 1 300); do echo step-line-$i-{{run}}; done"]""");
        var sha = repo.CommitAndPush("A Dockerfile site");
        var component = await onReceiver.ComponentAsync(repo);
        components.Add(component.Id);

        var buildId = (await onReceiver.PushWebhookAsync(component, sha)).GetProperty("buildId").GetInt64();

        // The viewer follows from the first line while the worker builds; the stream ends when the log completes.
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(viewer.BaseAddress, BuildLogHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(ConsoleFactory.AdminToken))
            .Build();
        await connection.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var followed = new List<BuildLogLineMessage>();
        await foreach (var batch in connection.StreamAsync<BuildLogBatchMessage>("Follow", buildId, 1L, timeout.Token))
        {
            followed.AddRange(batch.Lines);
            if (batch.Completed)
            {
                break;
            }
        }

        var finished = await onReceiver.WaitForStatusAsync(buildId);
        var log = await onReceiver.LogAsync(buildId);
        Assert.True(BuildTestSupport.Status(finished) == "Succeeded", log);
        // Every line once, in order, as the stored log has them.
        Assert.Equal(Enumerable.Range(1, followed.Count).Select(n => (long)n), followed.Select(l => l.Seq));
        var stored = await worker.WithDbAsync(db => db.Builds.Where(b => b.Id == buildId).Select(b => b.Id).CountAsync());
        Assert.Equal(1, stored);
        var texts = string.Join('\n', followed.Select(l => l.Text));
        Assert.True(followed.Any(l => l.Text == $"step-line-300-{run}") && followed.Any(l => l.Text.StartsWith("Build succeeded in ", StringComparison.Ordinal)), texts);
        Assert.Equal(log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, followed.Count);

        var name = await receiver.WithDbAsync(db => db.Components.Where(c => c.Id == component.Id).Select(c => c.Name).SingleAsync());
        var host = $"{name}.apps.localhost";
        using var client = new HttpClient();
        foreach (var replica in replicas)
        {
            Assert.Contains("served by every replica", await replica.WaitForAppContentAsync(client, host, "served by every replica"), StringComparison.Ordinal);
        }

        // A replica that starts later (the reconcile's lease is held elsewhere) routes what already runs.
        var late = new RedisReplicaConsoleFactory(sharedIdentity, sharedDir, redis!.Configuration, channelPrefix, runWorkers: false);
        await late.InitializeAsync();
        replicas.Add(late);
        Assert.Contains("served by every replica", await late.WaitForAppContentAsync(client, host, "served by every replica"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_build_that_leaves_a_directory_is_not_run_as_one_replicas_process_and_says_what_to_set()
    {
        Skip.If(UnavailableReason is not null, UnavailableReason);
        var onReceiver = new BuildTestSupport(replicas[0], server, reposRoot);
        var (repo, sha) = onReceiver.Push(BuildTestSupport.StaticSite);
        var component = await onReceiver.ComponentAsync(repo);
        components.Add(component.Id);

        var buildId = (await onReceiver.PushWebhookAsync(component, sha)).GetProperty("buildId").GetInt64();

        Assert.Equal("Succeeded", BuildTestSupport.Status(await onReceiver.WaitForStatusAsync(buildId)));
        var build = await onReceiver.BuildAsync(buildId);
        for (var i = 0; i < 300 && build.GetProperty("deployStatus").GetString() is not "Failed" and not "Deployed"; i++)
        {
            await Task.Delay(100);
            build = await onReceiver.BuildAsync(buildId);
        }

        Assert.Equal("Failed", build.GetProperty("deployStatus").GetString());
        Assert.Contains("With several replicas releases run on Docker only, and this build left a directory", build.ToString(), StringComparison.Ordinal);
        Assert.Contains("Docker:RunImage:<Language>", build.ToString(), StringComparison.Ordinal);
    }
}
