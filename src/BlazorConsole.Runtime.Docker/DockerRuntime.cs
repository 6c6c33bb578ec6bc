using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Runtime;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Runtime.Docker;

/// <summary>
/// Container releases: each release of an image is one container, hardened by default (no privileges, every capability
/// dropped but those <see cref="DockerOptions.CapAdd"/> names, no-new-privileges, the runtime limits, no bind mounts,
/// the image's own user), restarted by Docker's restart policy after a crash, its output streamed into the runtime log.
/// Every container carries this console's identity label: several consoles may share one daemon, and a console only
/// ever lists, stops or removes containers of its own identity.
/// </summary>
public sealed partial class DockerRuntime(
    DockerEngine engine,
    PipelinePaths paths,
    IOptions<DockerOptions> dockerOptions,
    IOptions<RuntimeOptions> runtimeOptions,
    ILogger<DockerRuntime> logger) : IRuntime, IAsyncDisposable, IDisposable
{
    /// <summary>The value of <c>Runtime:Default</c> (and of a component's runtime) that picks this runtime, stored on its releases.</summary>
    public const string RuntimeName = "docker";

    public const string ConsoleLabel = "blazorconsole.console";

    public const string ReleaseLabel = "blazorconsole.release";

    public const string ComponentLabel = "blazorconsole.component";

    /// <summary>When an image exposes no port and the app gets no <c>PORT</c> variable, 8080 is the common choice.</summary>
    private const int FallbackContainerPort = 8080;

    private readonly ConcurrentDictionary<long, RunningContainer> containers = new();

    /// <summary>Set once the daemon answered for this console: shutdown then also sweeps containers of its identity.</summary>
    private volatile bool daemonUsed;

    private Task? stoppingAll;

    // Docker's events of this console's containers (exits, restarts, out-of-memory kills) told in the runtime log.
    private readonly CancellationTokenSource watching = new();
    private int watchingStarted;

    public string Name => RuntimeName;

    /// <summary>
    /// Stable per data directory (a console restarted over the same directory is the same console and adopts its own
    /// containers) and different for every other console on the daemon — even consoles whose data directories have the
    /// same path (every containerised console has /data): a random id created once and kept in the data directory; kept
    /// in <c>Console:SharedDir</c> instead with several replicas, which are one console and manage the same containers.
    /// </summary>
    public string ConsoleIdentity => identity.Value;

    private readonly Lazy<string> identity = new(() => ConsoleId.ReadOrCreate(paths.SharedDirectory ?? paths.DataDirectory));

    public string ContainerName(long releaseId) => string.Create(CultureInfo.InvariantCulture, $"bc-{ConsoleIdentity[..8]}-r{releaseId}");

    public bool CanRun(ReleaseArtifactKind kind) => kind == ReleaseArtifactKind.Image;

    // One daemon (Docker:Endpoint) for all replicas, containers found by name and identity: any replica routes and stops them.
    public bool ServesEveryReplica => true;

    public async ValueTask<string?> UnavailableReasonAsync(CancellationToken cancellationToken) =>
        await engine.UnavailableReasonAsync(cancellationToken) is { } reason
            ? $"This release runs on Docker: configure Docker:Endpoint ({reason})"
            : null;

    public async Task<RuntimeEndpoint> StartAsync(ReleaseLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (launch.Artifact.Kind != ReleaseArtifactKind.Image)
        {
            throw new InvalidOperationException($"The Docker runtime runs images, not the {launch.Artifact}.");
        }

        try
        {
            return await StartContainerAsync(launch, cancellationToken);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or SocketException or TimeoutException)
        {
            // The deployer marks the release Failed with this message (it knows no Docker exception types).
            throw new InvalidOperationException($"Docker refused the container: {e.Message}", e);
        }
    }

    public async Task StopAsync(long releaseId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!containers.TryRemove(releaseId, out var running))
        {
            // Started by another replica (or a previous run) of this console: stopped through the engine all the same.
            if (await StartedElsewhereAsync(releaseId, cancellationToken) is var (found, _))
            {
                try
                {
                    await engine.Client.Containers.StopContainerAsync(found.ID,
                        new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, cancellationToken);
                }
                catch (DockerContainerNotFoundException)
                {
                }

                await RemoveAsync(found.ID);
            }

            return;
        }

        try
        {
            running.Launch.Log($"Stopping container {running.ShortId} (SIGTERM, kill after {grace.TotalSeconds:0.#} s).");
            await engine.Client.Containers.StopContainerAsync(running.Id,
                new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed by someone else already: nothing left to stop.
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or SocketException or TimeoutException or ObjectDisposedException)
        {
            LogStopFailed(logger, releaseId, running.Id, e);
        }
        finally
        {
            // The stream ends with the container; what it printed on the way out still reaches the runtime log.
            await running.StopLogsAsync(TimeSpan.FromSeconds(2));
            await RemoveAsync(running.Id);
        }
    }

    public async ValueTask<RuntimeInstanceState?> GetStateAsync(long releaseId, CancellationToken cancellationToken)
    {
        if (!containers.TryGetValue(releaseId, out var running))
        {
            return await StartedElsewhereAsync(releaseId, cancellationToken) is var (found, address)
                ? StateOf(found, address, "container " + found.ID[..12], null, runtimeOptions.Value.CrashLoopThreshold)
                : null;
        }

        try
        {
            var inspected = await engine.Client.Containers.InspectContainerAsync(running.Id, cancellationToken);
            return StateOf(inspected, running.Address, running.Label, running.LastExit, runtimeOptions.Value.CrashLoopThreshold);
        }
        catch (DockerContainerNotFoundException)
        {
            return new RuntimeInstanceState(RuntimeInstancePhase.Stopped, running.Address, null, 0, "the container was removed outside the console");
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or SocketException or TimeoutException or ObjectDisposedException)
        {
            // The daemon does not answer now: say so instead of claiming it runs.
            return new RuntimeInstanceState(RuntimeInstancePhase.Stopped, running.Address, running.Label, 0, "Docker does not answer: " + e.Message);
        }
    }

    /// <summary>An image still in the engine's store (retention or <c>docker rmi</c> may have removed it).</summary>
    public async ValueTask<bool> IsAvailableAsync(ReleaseArtifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Kind != ReleaseArtifactKind.Image)
        {
            return false;
        }

        try
        {
            await engine.Client.Images.InspectImageAsync(artifact.Location, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is DockerImageNotFoundException or DockerApiException or HttpRequestException or IOException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Containers of this console's identity that it does not run now were left by the previous console run (a shutdown
    /// that kept them, or a crash): the running ones of desired releases stay for <see cref="StartAsync"/> to adopt; every
    /// other one (superseded, stopped, of a release no longer wanted) is an orphan and removed.
    /// </summary>
    public async Task CleanUpLeftoversAsync(IReadOnlyCollection<long> desiredReleaseIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desiredReleaseIds);
        if (await engine.UnavailableReasonAsync(cancellationToken) is not null)
        {
            return; // a console without Docker has no containers to clean up (and must not wait for one at start-up)
        }

        daemonUsed = true;
        foreach (var leftover in await OwnContainersAsync(cancellationToken))
        {
            if (leftover.Labels.TryGetValue(ReleaseLabel, out var release) && long.TryParse(release, CultureInfo.InvariantCulture, out var id)
                && (containers.ContainsKey(id) || (desiredReleaseIds.Contains(id) && leftover.State is "running" or "restarting")))
            {
                continue;
            }

            LogLeftover(logger, leftover.ID[..12], release ?? "?");
            await RemoveAsync(leftover.ID);
        }
    }

    /// <summary>
    /// Shutdown, once: the host's stop and the disposal of its services may both ask (even at the same time), and the
    /// API client must outlive the removal of the last container, so every caller awaits the same work.
    /// </summary>
    public Task StopAllAsync(CancellationToken cancellationToken)
    {
        lock (containers)
        {
            return stoppingAll ??= StopEverythingAsync();
        }
    }

    private async Task StopEverythingAsync()
    {
        await Task.Yield(); // not under the caller's lock
        await watching.CancelAsync();
        if (containers.IsEmpty && !daemonUsed)
        {
            return; // Docker was never used here: nothing to stop, and the daemon is not asked (nor the settings read)
        }

        var cancellationToken = CancellationToken.None;
        if (dockerOptions.Value.KeepContainersOnShutdown)
        {
            // The apps stay up while the console is away; the next start adopts them (and removes what it does not want).
            foreach (var id in containers.Keys.ToList())
            {
                if (containers.TryRemove(id, out var running))
                {
                    running.Launch.Log($"The console stops; {running.Label} keeps running and is adopted by its next start.");
                    await running.DetachAsync();
                }
            }

            return;
        }

        var grace = TimeSpan.FromSeconds(runtimeOptions.Value.StopGraceSeconds);
        await Task.WhenAll(containers.Keys.ToList().Select(id => StopAsync(id, grace, cancellationToken)));
        if (daemonUsed)
        {
            try
            {
                foreach (var other in await OwnContainersAsync(cancellationToken))
                {
                    await RemoveAsync(other.ID);
                }
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or SocketException or TimeoutException or ObjectDisposedException)
            {
                // The next start's clean-up removes them.
                LogSweepFailed(logger, e);
            }
        }
    }

    /// <summary>
    /// A host may dispose its services before (or without) stopping its hosted services, and the API client goes with
    /// them: the containers are stopped here first, so none outlives the console either way.
    /// </summary>
    public async ValueTask DisposeAsync() => await StopAllAsync(CancellationToken.None);

    /// <summary>A provider disposed synchronously still removes the containers (it would throw for an async-only service).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<RuntimeEndpoint> StartContainerAsync(ReleaseLaunch launch, CancellationToken cancellationToken)
    {
        var client = engine.Client;
        daemonUsed = true;
        var image = await client.Images.InspectImageAsync(launch.Artifact.Location, cancellationToken);
        var containerPort = ContainerPort(image.Config?.ExposedPorts?.Keys, launch.Variables);
        var portKey = string.Create(CultureInfo.InvariantCulture, $"{containerPort}/tcp");
        var network = Network;

        var name = ContainerName(launch.ReleaseId);
        if (await AdoptAsync(name, launch, portKey, network, containerPort, cancellationToken) is { } adopted)
        {
            return adopted;
        }

        // A leftover of an earlier attempt of this release (a start cut off) would hold the name.
        await RemoveAsync(name);

        // The host port is chosen here, not by the daemon: Docker allocates a new one each time it restarts a crashed
        // container, and the route must stay valid across restarts (as the process runtime keeps its port).
        var hostPort = network is null ? FreeLoopbackPort() : 0;
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = launch.Artifact.Location,
            Env = Environment(launch.Variables, containerPort),
            Labels = new Dictionary<string, string>
            {
                [ConsoleLabel] = ConsoleIdentity,
                [ReleaseLabel] = launch.ReleaseId.ToString(CultureInfo.InvariantCulture),
                [ComponentLabel] = launch.ComponentId.ToString(),
            },
            ExposedPorts = new Dictionary<string, EmptyStruct> { [portKey] = default },
            HostConfig = HostConfigFor(portKey, hostPort, network),
            NetworkingConfig = network is null ? null : new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [network] = new() } },
        }, cancellationToken);

        var running = new RunningContainer(created.ID, launch);
        WatchEvents();
        if (!containers.TryAdd(launch.ReleaseId, running))
        {
            await RemoveAsync(created.ID);
            throw new InvalidOperationException($"Release {launch.ReleaseId} already runs.");
        }

        // Registered before it starts: whatever fails from here on, the deployer's StopAsync removes the container.
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        running.FollowLogs(client, logger);
        running.Address = network is null
            ? LoopbackAddress(hostPort)
            : await NetworkAddressAsync(created.ID, network, containerPort, cancellationToken);
        launch.Log($"Started {running.Label} from {launch.Artifact.Location} (port {containerPort}) at {running.Address}.");
        LogStarted(logger, launch.ReleaseId, running.ShortId, running.Address);
        return new RuntimeEndpoint(running.Address, running.Label);
    }

    private HostConfig HostConfigFor(string portKey, int hostPort, string? network)
    {
        var limits = runtimeOptions.Value;
        var docker = dockerOptions.Value;
        var host = new HostConfig
        {
            Privileged = false,
            CapDrop = ["ALL"],
            CapAdd = docker.CapAdd.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().ToUpperInvariant()).ToList(),
            SecurityOpt = ["no-new-privileges"],
            // An init process as PID 1 forwards SIGTERM: an app that never installed a handler (PID 1 ignores signals by
            // default) still stops at once instead of after the whole grace period, and zombies are reaped.
            Init = true,
            // Docker backs off by itself (doubling from 100 ms); "unless-stopped" also restarts an app that exits 0, as the
            // process runtime does: a web app that ends is down either way.
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            ReadonlyRootfs = docker.ReadOnlyRootFilesystem,
            Binds = [],
            Mounts = [],
            // The engine's own copy of the app's output is bounded (the console keeps the runtime log itself).
            LogConfig = new LogConfig { Type = "json-file", Config = new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "3" } },
        };
        if (docker.ReadOnlyRootFilesystem)
        {
            host.Tmpfs = new Dictionary<string, string> { ["/tmp"] = "rw,nosuid,nodev,size=64m" };
        }

        if (limits.MemoryLimitMb > 0)
        {
            host.Memory = limits.MemoryLimitMb * 1024L * 1024L;
            host.MemorySwap = host.Memory; // no swap beyond the limit: the limit means what it says
        }

        if (limits.MaxProcesses > 0)
        {
            host.PidsLimit = limits.MaxProcesses;
        }

        if (limits.CpuLimit > 0)
        {
            host.NanoCPUs = (long)(limits.CpuLimit * 1_000_000_000);
        }

        if (network is null)
        {
            host.PortBindings = new Dictionary<string, IList<PortBinding>>
            {
                [portKey] = [new PortBinding { HostIP = "127.0.0.1", HostPort = hostPort.ToString(CultureInfo.InvariantCulture) }],
            };
        }
        else
        {
            host.NetworkMode = network;
        }

        return host;
    }

    /// <summary>
    /// The release's container left running by the previous console run (of this identity, from the same image): taken
    /// over as it is — no restart of the app — with its log followed from now on. Null when there is none to adopt.
    /// </summary>
    private async Task<RuntimeEndpoint?> AdoptAsync(string name, ReleaseLaunch launch, string portKey, string? network, int containerPort, CancellationToken cancellationToken)
    {
        ContainerInspectResponse inspected;
        try
        {
            inspected = await engine.Client.Containers.InspectContainerAsync(name, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }

        var hostPort = PublishedPort(inspected, portKey);
        if (!IsOurs(inspected) || inspected.State is not { Running: true } || inspected.Config?.Image != launch.Artifact.Location || (network is null && hostPort == 0))
        {
            return null; // not one to take over: removed and started afresh by the caller
        }

        var running = new RunningContainer(inspected.ID, launch);
        if (!containers.TryAdd(launch.ReleaseId, running))
        {
            throw new InvalidOperationException($"Release {launch.ReleaseId} already runs.");
        }

        WatchEvents();
        running.FollowLogs(engine.Client, logger, DateTimeOffset.UtcNow);
        running.Address = network is null
            ? LoopbackAddress(hostPort)
            : await NetworkAddressAsync(inspected.ID, network, containerPort, cancellationToken);
        launch.Log($"Adopted {running.Label}, left running by the previous console run, at {running.Address} (not restarted).");
        LogAdopted(logger, launch.ReleaseId, running.ShortId, running.Address);
        return new RuntimeEndpoint(running.Address, running.Label);
    }

    /// <summary>
    /// From the first container on: follows the engine's events for this console's containers, so a crash, Docker's
    /// restart of it and an out-of-memory kill are told in the release's runtime log when they happen (the state itself
    /// is read from the engine when asked). The stream is opened again after the daemon went away.
    /// </summary>
    private void WatchEvents()
    {
        if (Interlocked.Exchange(ref watchingStarted, 1) == 1)
        {
            return;
        }

        var token = watching.Token;
        _ = Task.Run(async () =>
        {
            var parameters = new ContainerEventsParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["type"] = new Dictionary<string, bool> { ["container"] = true },
                    ["label"] = new Dictionary<string, bool> { [$"{ConsoleLabel}={ConsoleIdentity}"] = true },
                },
            };
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await engine.Client.System.MonitorEventsAsync(parameters, new EventsToLog(this), token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or SocketException or TimeoutException or ObjectDisposedException)
                {
                    LogEventsBroken(logger, e);
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(2), token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }, CancellationToken.None);
    }

    private void OnEvent(Message message)
    {
        if (message.Actor?.Attributes is not { } attributes || !attributes.TryGetValue(ReleaseLabel, out var release)
            || !long.TryParse(release, CultureInfo.InvariantCulture, out var releaseId) || !containers.TryGetValue(releaseId, out var running))
        {
            return; // not a container this console runs now (a stop it asked for has taken it off the list first)
        }

        switch (message.Action)
        {
            case "die":
                running.Died = true;
                var code = attributes.TryGetValue("exitCode", out var exit) ? exit : "?";
                running.LastExit = string.Create(CultureInfo.InvariantCulture, $"exit code {code} at {DateTimeOffset.UtcNow.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
                running.Launch.Log($"{running.Label} exited (exit code {code}); Docker restarts it with a growing delay.");
                break;
            case "oom":
                running.Launch.Log($"{running.Label} ran out of memory (Runtime:MemoryLimitMb = {runtimeOptions.Value.MemoryLimitMb} MiB) and was killed.");
                break;
            case "start" when running.Died:
                running.Died = false;
                running.Launch.Log($"{running.Label} was restarted by Docker.");
                break;
        }
    }

    /// <summary>Handles each event as it arrives (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class EventsToLog(DockerRuntime runtime) : IProgress<Message>
    {
        public void Report(Message value) => runtime.OnEvent(value);
    }

    /// <summary>The container's address on <see cref="DockerOptions.Network"/> (the console is on that network too).</summary>
    private async Task<Uri> NetworkAddressAsync(string id, string network, int containerPort, CancellationToken cancellationToken)
    {
        var inspected = await engine.Client.Containers.InspectContainerAsync(id, cancellationToken);
        var address = inspected.NetworkSettings?.Networks is { } networks && networks.TryGetValue(network, out var settings) ? settings.IPAddress : null;
        return string.IsNullOrEmpty(address)
            ? throw new InvalidOperationException($"The container has no address on the network '{network}' (Docker:Network); it {ExitOf(inspected.State)}.")
            : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{address}:{containerPort}/"));
    }

    /// <summary>The image's first exposed TCP port, else the <c>PORT</c> variable, else 8080.</summary>
    internal static int ContainerPort(IEnumerable<string>? exposedPorts, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var exposed in exposedPorts ?? [])
        {
            var parts = exposed.Split('/');
            if ((parts.Length == 1 || parts[1] == "tcp") && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
            {
                return port;
            }
        }

        return variables.TryGetValue("PORT", out var configured) && int.TryParse(configured, CultureInfo.InvariantCulture, out var variable) && variable is > 0 and < 65536
            ? variable
            : FallbackContainerPort;
    }

    private static List<string> Environment(IReadOnlyDictionary<string, string> variables, int containerPort) =>
        [.. variables.Where(v => v.Key != "PORT").Select(v => $"{v.Key}={v.Value}"), string.Create(CultureInfo.InvariantCulture, $"PORT={containerPort}")];

    /// <summary>
    /// The container of a release this process does not run, found by its name in the engine: one another replica of
    /// this console started (replicas share the identity through <c>Console:SharedDir</c>), with the address it serves at.
    /// </summary>
    private async Task<(ContainerInspectResponse Inspected, Uri Address)?> StartedElsewhereAsync(long releaseId, CancellationToken cancellationToken)
    {
        if (await engine.UnavailableReasonAsync(cancellationToken) is not null)
        {
            return null;
        }

        ContainerInspectResponse inspected;
        try
        {
            inspected = await engine.Client.Containers.InspectContainerAsync(ContainerName(releaseId), cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }

        if (!IsOurs(inspected) || inspected.Config?.ExposedPorts?.Keys.FirstOrDefault() is not { } portKey)
        {
            return null;
        }

        if (Network is { } network)
        {
            var containerPort = int.Parse(portKey.Split('/')[0], CultureInfo.InvariantCulture);
            return (inspected, await NetworkAddressAsync(inspected.ID, network, containerPort, cancellationToken));
        }

        return PublishedPort(inspected, portKey) is > 0 and var hostPort ? (inspected, LoopbackAddress(hostPort)) : null;
    }

    /// <summary><c>Docker:Network</c> when set: containers are reached there instead of on a published loopback port.</summary>
    private string? Network => string.IsNullOrWhiteSpace(dockerOptions.Value.Network) ? null : dockerOptions.Value.Network.Trim();

    /// <summary>Carries this console's identity label: one it may adopt, read, stop or remove.</summary>
    private bool IsOurs(ContainerInspectResponse inspected) =>
        inspected.Config?.Labels is { } labels && labels.TryGetValue(ConsoleLabel, out var identity) && identity == ConsoleIdentity;

    /// <summary>The loopback port the console published the container's <paramref name="portKey"/> on; 0 when none.</summary>
    private static int PublishedPort(ContainerInspectResponse inspected, string portKey) =>
        inspected.HostConfig?.PortBindings is { } bindings && bindings.TryGetValue(portKey, out var bound) && bound.Count > 0
            && int.TryParse(bound[0].HostPort, CultureInfo.InvariantCulture, out var port) ? port : 0;

    private static Uri LoopbackAddress(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));

    internal static RuntimeInstanceState StateOf(ContainerInspectResponse inspected, Uri address, string label, string? diedWith, int crashLoopThreshold)
    {
        var state = inspected.State;
        var restarts = (int)Math.Min(int.MaxValue, inspected.RestartCount);
        var crashLooping = restarts >= crashLoopThreshold;
        var phase = state switch
        {
            { Restarting: true } => crashLooping ? RuntimeInstancePhase.CrashLoop : RuntimeInstancePhase.Restarting,
            { Running: true } => RuntimeInstancePhase.Running,
            _ => crashLooping ? RuntimeInstancePhase.CrashLoop : RuntimeInstancePhase.Stopped,
        };
        // Started again by Docker, the container reads exit code 0: how it ended is what its die event said.
        var lastExit = restarts > 0 || phase != RuntimeInstancePhase.Running
            ? (state is { Running: true } && diedWith is { } died ? died : ExitOf(state))
            : null;
        return new RuntimeInstanceState(phase, address, label, restarts, lastExit);
    }

    /// <summary><c>exit code 1 at 2026-12-04T04:10:00Z</c> (<c>out of memory</c> when the limit killed it).</summary>
    private static string ExitOf(State? state)
    {
        if (state is null)
        {
            return "ended (no state)";
        }

        var at = DateTimeOffset.TryParse(state.FinishedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var finished) && finished.Year > 1
            ? " at " + finished.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : "";
        var oom = state.OOMKilled ? ": out of memory (Runtime:MemoryLimitMb)" : "";
        return string.Create(CultureInfo.InvariantCulture, $"exit code {state.ExitCode}{at}{oom}");
    }

    private async Task<IList<ContainerListResponse>> OwnContainersAsync(CancellationToken cancellationToken) =>
        await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ConsoleLabel}={ConsoleIdentity}"] = true } },
        }, cancellationToken);

    private async Task RemoveAsync(string idOrName)
    {
        try
        {
            await engine.Client.Containers.RemoveContainerAsync(idOrName, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone.
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or SocketException or TimeoutException or ObjectDisposedException)
        {
            LogRemoveFailed(logger, idOrName, e);
        }
    }

    /// <summary>Free now on loopback; the daemon binds it a moment later (as the process runtime does for its apps).</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Release {ReleaseId}: container {ContainerId} answers at {Address}.")]
    private static partial void LogStarted(ILogger logger, long releaseId, string containerId, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following Docker's events broke; following them again.")]
    private static partial void LogEventsBroken(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Release {ReleaseId}: adopted the running container {ContainerId} at {Address}.")]
    private static partial void LogAdopted(ILogger logger, long releaseId, string containerId, Uri address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing leftover container {ContainerId} of release {ReleaseId} from a previous console run.")]
    private static partial void LogLeftover(ILogger logger, string containerId, string releaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release {ReleaseId}: stopping container {ContainerId} failed; removing it.")]
    private static partial void LogStopFailed(ILogger logger, long releaseId, string containerId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing container {Container} failed; the next start-up removes it.")]
    private static partial void LogRemoveFailed(ILogger logger, string container, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing this console's containers at shutdown failed; the next start-up removes them.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
