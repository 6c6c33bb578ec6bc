using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using BlazorConsole.Domain.Releases;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Runtime.Docker;
using BlazorConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Releases;

/// <summary>
/// Image releases run as containers on a real dockerd and are served through the console's own Kestrel port by Host
/// header: deploy, zero-downtime swap under load, a container that dies at once, rollback, crash restart, hardening.
/// </summary>
public sealed class DockerDeployTests(DockerConsoleFactory factory) : IClassFixture<DockerConsoleFactory>, IDisposable
{
    private readonly TestImages images = new();
    private readonly Artifacts artifacts = new();
    private readonly HttpClient app = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [SkippableFact]
    public async Task Images_deploy_swap_without_errors_survive_a_dying_release_roll_back_restart_after_a_crash_and_run_hardened()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var (v1Image, v2Image) = (images.Site("image-v1"), images.Site("image-v2"));
        var v3Image = images.Site("image-v3", """["/bin/sh", "-c", "echo 'v3: cannot read /config/app.json' >&2; exit 3"]""");
        var (id, host) = await CreateComponentAsync(factory, "img");
        var deployer = factory.Services.GetRequiredService<IDeployer>();
        var releases = factory.Services.GetRequiredService<ReleaseManager>();

        // v1 runs as a container and answers through the console's port with the component's Host header.
        var v1 = await deployer.DeployAsync(id, 1, ReleaseArtifact.OfImage(v1Image), null, CancellationToken.None);
        Assert.True(v1.Succeeded, v1.Detail + "\n" + v1.HealthLog);
        Assert.Equal((HttpStatusCode.OK, "image-v1"), await factory.GetAppAsync(app, host));
        var stored = await factory.WithDbAsync(db => db.Releases.AsNoTracking().SingleAsync(r => r.Id == v1.ReleaseId));
        Assert.Equal((ReleaseArtifactKind.Image, v1Image, "docker"), (stored.ArtifactKind, stored.ArtifactLocation, stored.Runtime));

        // Hardened by default, as docker inspect shows it.
        var instance = (await releases.GetStatusAsync(id)).Instance;
        Assert.StartsWith("container ", instance, StringComparison.Ordinal);
        using (var inspected = JsonDocument.Parse(TestImages.Docker("inspect", instance!["container ".Length..])))
        {
            var hostConfig = inspected.RootElement[0].GetProperty("HostConfig");
            Assert.False(hostConfig.GetProperty("Privileged").GetBoolean());
            Assert.Contains("ALL", hostConfig.GetProperty("CapDrop").EnumerateArray().Select(c => c.GetString()));
            Assert.Contains("no-new-privileges", hostConfig.GetProperty("SecurityOpt").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(128L * 1024 * 1024, hostConfig.GetProperty("Memory").GetInt64());
            Assert.Equal(64, hostConfig.GetProperty("PidsLimit").GetInt64());
            Assert.Equal(500_000_000, hostConfig.GetProperty("NanoCpus").GetInt64());
            Assert.True(hostConfig.GetProperty("Binds").ValueKind == JsonValueKind.Null || hostConfig.GetProperty("Binds").GetArrayLength() == 0);
            Assert.Empty(inspected.RootElement[0].GetProperty("Mounts").EnumerateArray());
            var portBinding = hostConfig.GetProperty("PortBindings").GetProperty("8080/tcp")[0];
            Assert.Equal("127.0.0.1", portBinding.GetProperty("HostIp").GetString());
            var labels = inspected.RootElement[0].GetProperty("Config").GetProperty("Labels");
            Assert.Equal(v1.ReleaseId.ToString(CultureInfo.InvariantCulture), labels.GetProperty(DockerRuntime.ReleaseLabel).GetString());
            Assert.Equal(id.ToString(), labels.GetProperty(DockerRuntime.ComponentLabel).GetString());
        }

        // v2 while a loop sends requests continuously: no non-2xx answer, then v2 is served; v1's container is gone.
        ReleaseResult? v2 = null;
        var (errors, served) = await UnderLoadAsync(host, async () => v2 = await deployer.DeployAsync(id, 2, ReleaseArtifact.OfImage(v2Image), null, CancellationToken.None));
        Assert.True(errors.Count == 0, "Errors during the swap:\n" + string.Join("\n", errors.Take(20)));
        Assert.Contains("image-v1", served);
        Assert.Contains("image-v2", served);
        Assert.Equal((HttpStatusCode.OK, "image-v2"), await factory.GetAppAsync(app, host));
        Assert.Equal([ContainerOf(Identity(factory), v2!.ReleaseId)], ComponentContainers(id));

        // v3's container exits at once: Failed, its own last words in the health log, v2 keeps serving.
        var v3 = await deployer.DeployAsync(id, 3, ReleaseArtifact.OfImage(v3Image), null, CancellationToken.None);
        Assert.Equal(ReleaseStatus.Failed, v3.Status);
        Assert.Contains("cannot read /config/app.json", v3.HealthLog, StringComparison.Ordinal);
        Assert.Contains("previous release keeps serving", v3.Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "image-v2"), await factory.GetAppAsync(app, host));
        Assert.Equal(2, (await releases.GetStatusAsync(id)).BuildId);
        Assert.Single(ComponentContainers(id));

        // Rollback to v1 serves v1 (its image is still in the engine's store).
        Assert.Contains(1L, (await releases.RollbackTargetsAsync(id)).Select(t => t.BuildId));
        var rollback = await releases.RollbackAsync(id, 1, CancellationToken.None);
        Assert.True(rollback.Succeeded, rollback.Detail + "\n" + rollback.HealthLog);
        Assert.Equal((HttpStatusCode.OK, "image-v1"), await factory.GetAppAsync(app, host));

        // The app's main process is killed (a crash, not `docker kill`, which Docker counts as a manual stop): Docker
        // restarts it on the same address, and the state shows the restart.
        var status = await releases.GetStatusAsync(id);
        var pid = int.Parse(TestImages.Docker("inspect", "-f", "{{.State.Pid}}", status.Instance!["container ".Length..]).Trim(), CultureInfo.InvariantCulture);
        Process.GetProcessById(pid).Kill();
        await EventuallyAsync(async () => (await releases.GetStatusAsync(id)) is { Restarts: >= 1, State: "Running" } now
            && now.LastExit!.Contains("exit code", StringComparison.Ordinal)
            && await factory.GetAppAsync(app, host) == (HttpStatusCode.OK, "image-v1"), "the crashed container to be restarted");

        // A directory artifact still runs on the process runtime beside the containers.
        var (siteId, siteHost) = await CreateComponentAsync(factory, "dir");
        var site = await deployer.DeployAsync(siteId, 1, ReleaseArtifact.InDirectory(artifacts.StaticSite("dir-v1")), null, CancellationToken.None);
        Assert.True(site.Succeeded, site.Detail + "\n" + site.HealthLog);
        Assert.Contains("dir-v1", (await factory.GetAppAsync(app, siteHost)).Body, StringComparison.Ordinal);
        Assert.Equal("process", await factory.WithDbAsync(db => db.Releases.Where(r => r.Id == site.ReleaseId).Select(r => r.Runtime).SingleAsync()));

        // The runtime log has the containers' own output; stop removes the container.
        using (var api = factory.CreateSocketClient(ConsoleFactory.AdminToken))
        {
            Assert.Contains("cannot read /config/app.json", await api.GetStringAsync($"/api/v1/components/{id}/runtime-log"), StringComparison.Ordinal);
        }

        await releases.StopAsync(id, CancellationToken.None);
        await releases.StopAsync(siteId, CancellationToken.None);
        Assert.Empty(ComponentContainers(id));
        Assert.Equal(HttpStatusCode.NotFound, (await factory.GetAppAsync(app, host)).Status);

        // Start brings the same release back in a new container under the same name; stop removes it again.
        var started = await releases.StartAsync(id, CancellationToken.None);
        Assert.True(started.Succeeded, started.Detail + "\n" + started.HealthLog);
        Assert.Equal((HttpStatusCode.OK, "image-v1"), await factory.GetAppAsync(app, host));
        Assert.Equal([ContainerOf(Identity(factory), started.ReleaseId)], ComponentContainers(id));
        await releases.StopAsync(id, CancellationToken.None);
        Assert.Empty(ComponentContainers(id));
    }

    [SkippableFact]
    public async Task A_container_that_keeps_crashing_is_restarted_by_Docker_and_shown_as_a_crash_loop_until_stopped()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var image = images.Site("crashy-image", """["/bin/sh", "-c", "httpd -f -p 8080 -h /www & sleep 1.5; echo 'giving up' >&2; exit 3"]""");
        var (id, _) = await CreateComponentAsync(factory, "crashimg");
        var releases = factory.Services.GetRequiredService<ReleaseManager>();
        var deployed = await releases.DeployAsync(id, 1, ReleaseArtifact.OfImage(image), null, CancellationToken.None);
        Assert.True(deployed.Succeeded, deployed.Detail + "\n" + deployed.HealthLog);

        // DockerConsoleFactory's threshold is 3 restarts; Docker's own backoff doubles from 100 ms.
        await EventuallyAsync(async () => (await releases.GetStatusAsync(id)).State == "CrashLoop", "the crash loop state");
        var status = await releases.GetStatusAsync(id);
        Assert.True(status.Restarts >= 3, $"{status.Restarts} restarts");
        Assert.StartsWith("exit code 3 at ", status.LastExit, StringComparison.Ordinal);
        // Docker's events told each crash and restart in the runtime log as it happened, beside the app's own output.
        var runtimeLog = factory.Services.GetRequiredService<RuntimeLog>();
        await EventuallyAsync(() => Task.FromResult(string.Join('\n', runtimeLog.Read(id).Select(l => l.Text)) is var text
            && text.Contains("exited (exit code 3); Docker restarts it", StringComparison.Ordinal) && text.Contains("was restarted by Docker", StringComparison.Ordinal)
            && text.Contains("giving up", StringComparison.Ordinal)), "the crashes in the runtime log");

        await releases.StopAsync(id, CancellationToken.None);
        status = await releases.GetStatusAsync(id);
        Assert.Equal((ReleaseStatus.Stopped, "Stopped"), (status.Status, status.State));
        Assert.Empty(ComponentContainers(id));
    }

    [Fact]
    public async Task An_image_release_on_a_console_whose_Docker_does_not_answer_fails_with_the_setting_to_fix_and_the_previous_release_keeps_serving()
    {
        var console = new UnreachableDockerConsoleFactory();
        await console.InitializeAsync();
        try
        {
            var (id, host) = await CreateComponentAsync(console, "nodocker");
            var deployer = console.Services.GetRequiredService<IDeployer>();
            var v1 = await deployer.DeployAsync(id, 1, ReleaseArtifact.InDirectory(artifacts.StaticSite("still-v1")), null, CancellationToken.None);
            Assert.True(v1.Succeeded, v1.Detail + "\n" + v1.HealthLog);

            var v2 = await deployer.DeployAsync(id, 2, ReleaseArtifact.OfImage("bc-test-drun-never:1"), null, CancellationToken.None);

            Assert.Equal(ReleaseStatus.Failed, v2.Status);
            Assert.Contains("This release runs on Docker: configure Docker:Endpoint", v2.Detail, StringComparison.Ordinal);
            Assert.Contains("the previous release keeps serving", v2.Detail, StringComparison.Ordinal);
            Assert.Contains("still-v1", (await console.GetAppAsync(app, host)).Body, StringComparison.Ordinal);
            Assert.Equal("docker", await console.WithDbAsync(db => db.Releases.Where(r => r.Id == v2.ReleaseId).Select(r => r.Runtime).SingleAsync()));
        }
        finally
        {
            await ((IAsyncLifetime)console).DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_console_restart_adopts_the_running_container_removes_orphans_and_never_touches_another_consoles_containers()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var dataDir = Path.Combine(Path.GetTempPath(), "bc-drestart-" + Guid.NewGuid().ToString("N"));
        var image = images.Site("kept-image");
        var stranger = images.Run("--label", $"{DockerRuntime.ConsoleLabel}=another-console", "--label", $"{DockerRuntime.ReleaseLabel}=1", image);
        try
        {
            Guid id;
            string identity;
            // The console's default: its containers outlive it.
            var first = new RestartableDockerConsoleFactory(dataDir, keepContainersOnShutdown: true);
            await first.InitializeAsync();
            try
            {
                id = (await first.CreateComponentAsync(new { name = "kept", application = "drestart", gitUrl = "https://example.test/k.git", branch = "main", triggerKeyword = "" })).Id;
                var deployed = await first.Services.GetRequiredService<IDeployer>().DeployAsync(id, 5, ReleaseArtifact.OfImage(image), null, CancellationToken.None);
                Assert.True(deployed.Succeeded, deployed.Detail + "\n" + deployed.HealthLog);
                Assert.Equal((HttpStatusCode.OK, "kept-image"), await first.GetAppAsync(app, "kept.apps.localhost"));
                identity = Identity(first);
            }
            finally
            {
                await ((IAsyncLifetime)first).DisposeAsync();
            }

            // The app kept running while no console was there; an orphan (a superseded release's container that a crash
            // left behind) is beside it.
            var kept = Assert.Single(TestImages.ContainersLabelled($"{DockerRuntime.ConsoleLabel}={identity}"));
            Assert.Equal("true", TestImages.Docker("inspect", "-f", "{{.State.Running}}", kept).Trim());
            var keptId = TestImages.Docker("inspect", "-f", "{{.Id}}", kept).Trim();
            images.Run("--name", $"bc-{identity[..8]}-r999", "--label", $"{DockerRuntime.ConsoleLabel}={identity}", "--label", $"{DockerRuntime.ReleaseLabel}=999",
                "--label", $"{DockerRuntime.ComponentLabel}={id}", image);

            var second = new RestartableDockerConsoleFactory(dataDir, keepContainersOnShutdown: false);
            await second.InitializeAsync();
            try
            {
                await EventuallyAsync(async () => await second.GetAppAsync(app, "kept.apps.localhost") == (HttpStatusCode.OK, "kept-image"), "the release to be back");
                Assert.Equal([ContainerOf(identity, (await second.Services.GetRequiredService<ReleaseManager>().GetStatusAsync(id)).ReleaseId!.Value)],
                    TestImages.ContainersLabelled($"{DockerRuntime.ComponentLabel}={id}"));
                // Adopted, not started again: the same container, never restarted, and the runtime log says so.
                Assert.Equal(kept, Assert.Single(TestImages.ContainersLabelled($"{DockerRuntime.ConsoleLabel}={identity}")));
                Assert.Equal(keptId, TestImages.Docker("inspect", "-f", "{{.Id}}", kept).Trim());
                Assert.Equal("0", TestImages.Docker("inspect", "-f", "{{.RestartCount}}", kept).Trim());
                using var api = second.CreateSocketClient(Infrastructure.ConsoleFactory.AdminToken);
                Assert.Contains("Adopted container", await api.GetStringAsync($"/api/v1/components/{id}/runtime-log"), StringComparison.Ordinal);
                Assert.Equal(5, (await second.Services.GetRequiredService<ReleaseManager>().GetStatusAsync(id)).BuildId);
            }
            finally
            {
                await ((IAsyncLifetime)second).DisposeAsync();
            }

            // Another console's container on the same daemon survived both start-ups and both shutdowns.
            Assert.Equal("true", TestImages.Docker("inspect", "-f", "{{.State.Running}}", stranger).Trim());
            Assert.Empty(TestImages.ContainersLabelled($"{DockerRuntime.ConsoleLabel}={identity}"));
        }
        finally
        {
            await RestartableConsoleFactory.DropDatabaseOfAsync(dataDir);
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp cleaner.
            }
        }
    }

    private static string Identity(DeployConsoleFactory console) =>
        ((DockerRuntime)console.Services.GetRequiredKeyedService<IRuntime>(DockerRuntime.RuntimeName)).ConsoleIdentity;

    private static string ContainerOf(string identity, long releaseId) => string.Create(CultureInfo.InvariantCulture, $"bc-{identity[..8]}-r{releaseId}");

    private static List<string> ComponentContainers(Guid componentId) => TestImages.ContainersLabelled($"{DockerRuntime.ComponentLabel}={componentId}");

    private static async Task<(Guid Id, string Host)> CreateComponentAsync(DeployConsoleFactory console, string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..6];
        var component = await console.CreateComponentAsync(new { name, application = "containers", gitUrl = "https://example.test/app.git", branch = "main", triggerKeyword = "" });
        return (component.Id, name + ".apps.localhost");
    }

    /// <summary>Runs <paramref name="deploy"/> while two loops request the app without pause; every non-2xx or failure is an error.</summary>
    private async Task<(List<string> Errors, HashSet<string> Served)> UnderLoadAsync(string host, Func<Task<ReleaseResult>> deploy)
    {
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var served = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        using var stop = new CancellationTokenSource();
        var count = 0;
        async Task LoopAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var (status, body) = await factory.GetAppAsync(app, host);
                    Interlocked.Increment(ref count);
                    if ((int)status is < 200 or > 299)
                    {
                        errors.Add($"{(int)status} {body}");
                    }
                    else
                    {
                        served[body] = true;
                    }
                }
                catch (HttpRequestException ex)
                {
                    errors.Add(ex.Message);
                }
            }
        }

        var loops = new[] { Task.Run(LoopAsync), Task.Run(LoopAsync) };
        await Task.Delay(200);
        var result = await deploy();
        Assert.True(result.Succeeded, result.Detail + "\n" + result.HealthLog);
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        Assert.True(count > 20, $"Only {count} requests were sent during the swap.");
        return (errors.ToList(), served.Keys.ToHashSet());
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not yet back.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }

    public void Dispose()
    {
        images.Dispose();
        artifacts.Dispose();
        app.Dispose();
    }
}
