using System.Text.Json;
using BlazorConsole.Data.Leases;
using BlazorConsole.Domain.Builds;
using BlazorConsole.IntegrationTests.Builds;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Data;

/// <summary>
/// Replicas on one PostgreSQL database: singletons run where their lease is held and move when the holder dies; a dead
/// replica's build is interrupted and re-queued by a survivor, a live one's never. A replica "dies" by losing its
/// database connections at once (<see cref="TcpLink.Cut"/>: reset, nothing more reaches the server) and then stopping.
/// </summary>
public sealed class ReplicaLeaseTests : IAsyncLifetime
{
    private readonly string identity = "leases-" + Guid.NewGuid().ToString("N");
    private readonly string reposRoot = Directory.CreateTempSubdirectory("bc-lease-repos-").FullName;
    private readonly List<ReplicaConsoleFactory> replicas = [];
    private GitSmartHttpServer server = null!;
    private TcpLink link = null!;

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(reposRoot, GitUser, GitPassword);
        link = TcpLink.ToPostgres(TestDatabases.EnsurePostgresDatabase(TestDatabases.DatabaseNameFor(identity)));
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in Enumerable.Reverse(replicas))
        {
            await ((IAsyncLifetime)replica).DisposeAsync();
        }

        await link.DisposeAsync();
        await TestDatabases.DropPostgresDatabaseAsync(TestDatabases.DatabaseNameFor(identity));
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
    public async Task The_singletons_move_to_a_survivor_within_10_s_when_their_holder_dies()
    {
        var dying = await StartAsync(new ReplicaConsoleFactory(identity, runWorkers: false) { DatabaseLink = link, ReplicaId = "dying-" + Guid.NewGuid().ToString("N")[..6] });
        await WaitForLeasesAsync(dying, [LeaseNames.ReleaseReconciler, LeaseNames.DeliveryRetention], DateTime.UtcNow.AddSeconds(30));
        var survivor = await StartAsync(new ReplicaConsoleFactory(identity, runWorkers: false));
        var (survivorId, survivorLeases) = await HealthAsync(survivor);
        Assert.Equal(survivor.Services.GetRequiredService<ReplicaIdentity>().Id, survivorId);
        Assert.Contains(LeaseNames.Replica(survivorId), survivorLeases);
        // Held by the first replica, so the second waits: a singleton runs once across replicas.
        Assert.DoesNotContain(LeaseNames.ReleaseReconciler, survivorLeases);
        Assert.DoesNotContain(LeaseNames.DeliveryRetention, survivorLeases);

        var died = await DieAsync(dying);

        await WaitForLeasesAsync(survivor, [LeaseNames.ReleaseReconciler, LeaseNames.DeliveryRetention], died.AddSeconds(10));
    }

    [Fact]
    public async Task A_dead_replicas_build_is_interrupted_and_re_queued_once_by_a_survivor_and_a_live_ones_is_left_running()
    {
        var dying = await StartAsync(new ReplicaConsoleFactory(identity, runWorkers: true) { DatabaseLink = link, ReplicaId = "dying-" + Guid.NewGuid().ToString("N")[..6] });
        var onDying = new BuildTestSupport(dying, server, reposRoot);
        var (repo, _) = onDying.Push(SlowPackageJson);
        var component = await onDying.ComponentAsync(repo);
        var buildId = await onDying.ManualBuildAsync(component.Id);
        var sleeper = HostPid(int.Parse(await onDying.WaitForLogValueAsync(buildId, "child-pid="), System.Globalization.CultureInfo.InvariantCulture));

        // Another replica starts while the build runs: its start-up recovery must leave a live replica's build alone.
        var survivor = await StartAsync(new ReplicaConsoleFactory(identity, runWorkers: true));
        await WaitForWorkersAsync(survivor);
        var running = await survivor.WithDbAsync(db => db.Builds.AsNoTracking().SingleAsync(b => b.Id == buildId));
        Assert.Equal(BuildStatus.Running, running.Status);
        Assert.Equal(dying.Services.GetRequiredService<ReplicaIdentity>().Id, running.ClaimedBy);
        Assert.True(IsAlive(sleeper), "the live replica's build process was touched");

        await DieAsync(dying);
        await WaitUntilGoneAsync(sleeper);

        var onSurvivor = new BuildTestSupport(survivor, server, reposRoot);
        var interrupted = await onSurvivor.WaitForStatusAsync(buildId, ["Interrupted"], seconds: 30);
        // The interrupt is saved before the re-queue (so two recoverers cannot both re-queue): its note follows.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); interrupted.GetProperty("statusDetail").GetString()?.Contains("Re-queued", StringComparison.Ordinal) != true && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            interrupted = await onSurvivor.BuildAsync(buildId);
        }

        Assert.Equal("Interrupted: the console stopped while this build ran. Re-queued as build #2.", interrupted.GetProperty("statusDetail").GetString());
        var builds = await survivor.WithDbAsync(db => db.Builds.AsNoTracking().Where(b => b.ComponentId == component.Id).OrderBy(b => b.Number).ToListAsync());
        Assert.Equal(2, builds.Count);
        Assert.Equal("re-queued after build #1 was interrupted", builds[1].StatusDetail);

        // The re-queued build runs on the survivor; it is the only re-queue, however many sweeps ran meanwhile.
        var again = HostPid(int.Parse(await onSurvivor.WaitForLogValueAsync(builds[1].Id, "child-pid="), System.Globalization.CultureInfo.InvariantCulture));
        var rerun = await survivor.WithDbAsync(db => db.Builds.AsNoTracking().SingleAsync(b => b.Id == builds[1].Id));
        Assert.Equal(BuildStatus.Running, rerun.Status);
        Assert.Equal(survivor.Services.GetRequiredService<ReplicaIdentity>().Id, rerun.ClaimedBy);
        Assert.Equal(2, await survivor.WithDbAsync(db => db.Builds.CountAsync(b => b.ComponentId == component.Id)));
        Assert.Contains(LeaseNames.BuildRecovery, (await HealthAsync(survivor)).Leases);

        using var client = survivor.CreateApiClient(ConsoleFactory.AdminToken);
        await client.PostAsync($"/api/v1/builds/{builds[1].Id}/cancel", null);
        Assert.Equal("Canceled", Status(await onSurvivor.WaitForStatusAsync(builds[1].Id)));
        await WaitUntilGoneAsync(again);
    }

    private async Task<ReplicaConsoleFactory> StartAsync(ReplicaConsoleFactory replica)
    {
        replicas.Add(replica);
        await replica.InitializeAsync();
        return replica;
    }

    /// <summary>The replica's database sessions end at once (as when its process is killed), then its host goes.</summary>
    /// <returns>When it died (its connections were cut): the survivors' clock starts then, not when its host finished stopping.</returns>
    private async Task<DateTime> DieAsync(ReplicaConsoleFactory replica)
    {
        link.Cut();
        var died = DateTime.UtcNow;
        replicas.Remove(replica);
        await ((IAsyncLifetime)replica).DisposeAsync();
        return died;
    }

    private static async Task<(string ReplicaId, List<string> Leases)> HealthAsync(ReplicaConsoleFactory replica)
    {
        using var client = replica.CreateSocketClient();
        using var response = await client.GetAsync("/healthz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (body.GetProperty("replicaId").GetString()!, body.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToList());
    }

    private static async Task WaitForLeasesAsync(ReplicaConsoleFactory replica, string[] leases, DateTime deadline)
    {
        var held = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            held = (await HealthAsync(replica)).Leases;
            if (leases.All(held.Contains))
            {
                return;
            }

            await Task.Delay(100);
        }

        // Who holds advisory locks now, for the failure message.
        var holders = await TestDatabases.QueryPostgresAsync("postgres", "SELECT string_agg(a.application_name || ' (' || a.state || ')', '; ') FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory'");
        Assert.Fail($"by {deadline:O} the replica held [{string.Join(", ", held)}], not all of [{string.Join(", ", leases)}]; advisory locks are held by: {holders}");
    }
}
