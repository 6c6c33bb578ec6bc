using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Processes;
using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Pipeline.Sandbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Runtime.Process;

/// <summary>
/// The embedded runtime: each release is a supervised child process in its own sandbox (see <see cref="ProcessSandbox"/>:
/// it reads its artifact, writes only its scratch HOME, sees no other process), run as a <see cref="ChildProcess"/> (a
/// process group of its own), limits through <c>prlimit</c> and its cgroup where the machine allows, listening on a free
/// loopback port. A pid file per release lets the next console process stop leftovers.
/// </summary>
public sealed partial class ProcessRuntime(
    PipelinePaths paths,
    ProcessSandbox sandbox,
    IOptions<RuntimeOptions> options,
    TimeProvider time,
    ILogger<ProcessRuntime> logger) : IRuntime
{
    private readonly ConcurrentDictionary<long, ProcessSupervisor> supervisors = new();

    /// <summary>The value of <c>Runtime:Default</c> that picks this runtime, stored on its releases.</summary>
    public const string RuntimeName = "process";

    public string Name => RuntimeName;

    internal string RuntimeDirectory => Path.Combine(paths.DataDirectory, "runtime");

    private string PidDirectory => Path.Combine(RuntimeDirectory, "pids");

    public bool CanRun(ReleaseArtifactKind kind) => kind == ReleaseArtifactKind.Directory;

    /// <summary>Child processes on this machine: always there.</summary>
    public ValueTask<string?> UnavailableReasonAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    public Task<RuntimeEndpoint> StartAsync(ReleaseLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        cancellationToken.ThrowIfCancellationRequested();
        var artifactDirectory = ArtifactDirectory(launch.Artifact);
        var command = launch.StartCommand;
        var readOnly = new List<string> { artifactDirectory };
        if (string.IsNullOrWhiteSpace(command))
        {
            (command, var serverPaths) = StaticSiteServer.Prepare(Path.Combine(RuntimeDirectory, "static-site-server"));
            readOnly.AddRange(serverPaths);
        }

        var home = Path.Combine(RuntimeDirectory, "home", launch.ReleaseId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(PidDirectory);

        // The artifact is handed to the sandbox user (files a build left private stay readable) and mounted read-only.
        sandbox.GiveToSandboxUser(artifactDirectory);
        var session = sandbox.Open("release-" + launch.ReleaseId.ToString(CultureInfo.InvariantCulture),
            new SandboxLayout { Writable = [home], ReadOnly = readOnly }, options.Value.Limits, launch.Log);
        var supervisor = new ProcessSupervisor(this, launch, artifactDirectory, command, FreePort(), home, session, options.Value, time, logger);
        if (!supervisors.TryAdd(launch.ReleaseId, supervisor))
        {
            session.Dispose();
            throw new InvalidOperationException($"Release {launch.ReleaseId} already runs.");
        }

        try
        {
            supervisor.Start();
        }
        catch
        {
            supervisors.TryRemove(launch.ReleaseId, out _);
            session.Dispose();
            throw;
        }

        return Task.FromResult(new RuntimeEndpoint(supervisor.Address, ProcessSupervisor.InstanceLabel(supervisor.ProcessId)));
    }

    public async Task StopAsync(long releaseId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (supervisors.TryRemove(releaseId, out var supervisor))
        {
            await supervisor.StopAsync(grace, cancellationToken);
        }
    }

    public ValueTask<RuntimeInstanceState?> GetStateAsync(long releaseId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(supervisors.TryGetValue(releaseId, out var supervisor) ? supervisor.State : null);

    /// <summary>A directory still on disk; images are not this runtime's to run.</summary>
    public ValueTask<bool> IsAvailableAsync(ReleaseArtifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return ValueTask.FromResult(artifact.Kind == ReleaseArtifactKind.Directory && Directory.Exists(artifact.Location));
    }

    public async Task CleanUpLeftoversAsync(IReadOnlyCollection<long> desiredReleaseIds, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(PidDirectory))
        {
            return;
        }

        foreach (var file in Directory.GetFiles(PidDirectory, "*.pid"))
        {
            var releaseId = Path.GetFileNameWithoutExtension(file);
            if (long.TryParse(releaseId, CultureInfo.InvariantCulture, out var id) && supervisors.ContainsKey(id))
            {
                continue;
            }

            if (int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid) && IsOurRelease(pid, releaseId))
            {
                // Not adopted: its output pipes died with the old console, so it is stopped and started afresh.
                LogLeftover(logger, pid, releaseId);
                var target = sandbox.Mode == SandboxMode.Bubblewrap ? TerminationTarget.ProcessesBelow : TerminationTarget.ProcessGroup;
                await ProcessSignals.StopAsync(pid, target, TimeSpan.FromSeconds(options.Value.StopGraceSeconds), cancellationToken);
            }

            File.Delete(file);
        }
    }

    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        var grace = TimeSpan.FromSeconds(options.Value.StopGraceSeconds);
        var all = supervisors.Keys.ToList();
        await Task.WhenAll(all.Select(id => StopAsync(id, grace, cancellationToken)));
    }

    internal void WritePidFile(long releaseId, int pid) =>
        File.WriteAllText(PidFile(releaseId), pid.ToString(CultureInfo.InvariantCulture));

    internal void DeletePidFile(long releaseId)
    {
        try
        {
            File.Delete(PidFile(releaseId));
        }
        catch (IOException)
        {
            // Only used to find leftovers; a stale file is checked against the process's marker before anything is killed.
        }
    }

    private static string ArtifactDirectory(ReleaseArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return artifact.Kind == ReleaseArtifactKind.Directory
            ? artifact.Location
            : throw new InvalidOperationException($"The process runtime runs directories, not the {artifact}.");
    }

    private string PidFile(long releaseId) => Path.Combine(PidDirectory, releaseId.ToString(CultureInfo.InvariantCulture) + ".pid");

    /// <summary>A pid from a file may have been reused by an unrelated process: only kill it when it carries our marker.</summary>
    private static bool IsOurRelease(int pid, string releaseId)
    {
        try
        {
            var environ = File.ReadAllText($"/proc/{pid}/environ");
            return environ.Split('\0').Contains($"{RuntimeEnvironment.ReleaseMarker}={releaseId}");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A port the OS says is free now; the release binds it a moment later (loopback, so nobody else races for it in practice).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping leftover process {Pid} of release {ReleaseId} from a previous console run.")]
    private static partial void LogLeftover(ILogger logger, int pid, string releaseId);
}
