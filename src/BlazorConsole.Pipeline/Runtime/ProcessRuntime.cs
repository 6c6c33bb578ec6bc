using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BlazorConsole.Pipeline.Sandbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// The embedded runtime: each release is a supervised child process in its own sandbox (see <see cref="ProcessSandbox"/>:
/// it reads its artifact, writes only its scratch HOME, sees no other process), with its own session/process group
/// through <c>setsid</c>, limits through <c>prlimit</c> and its cgroup where the machine allows, listening on a free
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

    public string Name => "process";

    internal string RuntimeDirectory => Path.Combine(paths.DataDirectory, "runtime");

    private string PidDirectory => Path.Combine(RuntimeDirectory, "pids");

    public Task<RuntimeEndpoint> StartAsync(ReleaseLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        cancellationToken.ThrowIfCancellationRequested();
        var command = launch.StartCommand;
        var readOnly = new List<string> { launch.ArtifactDirectory };
        if (string.IsNullOrWhiteSpace(command))
        {
            var script = Path.Combine(RuntimeDirectory, "static-server.js");
            StaticSiteServer.EnsureScript(script);
            command = StaticSiteServer.Command(script, sandbox.SearchPath);
            readOnly.Add(script);
        }

        var home = Path.Combine(RuntimeDirectory, "home", launch.ReleaseId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(PidDirectory);

        // The artifact is handed to the sandbox user (files a build left private stay readable) and mounted read-only.
        sandbox.GiveToSandboxUser(launch.ArtifactDirectory);
        var session = sandbox.Open("release-" + launch.ReleaseId.ToString(CultureInfo.InvariantCulture),
            new SandboxLayout { Writable = [home], ReadOnly = readOnly }, options.Value.Limits, launch.Log);
        var supervisor = new ProcessSupervisor(this, launch, command, FreePort(), home, session, options.Value, time, logger);
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

        return Task.FromResult(new RuntimeEndpoint("127.0.0.1", supervisor.Port, supervisor.ProcessId));
    }

    public async Task StopAsync(long releaseId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (supervisors.TryRemove(releaseId, out var supervisor))
        {
            await supervisor.StopAsync(grace, cancellationToken);
        }
    }

    public RuntimeInstanceState? GetState(long releaseId) =>
        supervisors.TryGetValue(releaseId, out var supervisor) ? supervisor.State : null;

    public async Task CleanUpLeftoversAsync(CancellationToken cancellationToken)
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
                await ProcessSignals.StopAsync(pid, sandboxed: sandbox.Mode == SandboxMode.Bubblewrap, TimeSpan.FromSeconds(options.Value.StopGraceSeconds), cancellationToken);
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

/// <summary>
/// Stops a release: its whole process group (it was started through <c>setsid</c>, so its pid is the group id), or, for
/// a sandboxed one, the processes inside the sandbox: bubblewrap itself does not pass SIGTERM on (it would die and take
/// the app down with SIGKILL, without a chance to drain), so TERM goes to every process below it.
/// </summary>
internal static class ProcessSignals
{
    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    public static async Task StopAsync(int pid, bool sandboxed, TimeSpan grace, CancellationToken cancellationToken)
    {
        // A process with nothing below it is not a sandbox (a leftover, say): its group gets the TERM.
        if (sandboxed && Descendants(pid) is { Count: > 0 } inside)
        {
            await SignalAsync("-TERM", inside);
        }
        else
        {
            await SignalGroupAsync("-TERM", pid);
        }

        var deadline = DateTime.UtcNow + grace;
        while (IsAlive(pid) && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(25, CancellationToken.None);
        }

        if (IsAlive(pid))
        {
            var everything = Descendants(pid);
            await SignalGroupAsync("-KILL", pid);
            await SignalAsync("-KILL", everything);
        }
    }

    /// <summary>The processes below <paramref name="pid"/>, from the host's /proc (the sandbox's own PID namespace hides nothing from here).</summary>
    internal static List<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent))
                {
                    (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(candidate);
                }
            }
            catch (IOException)
            {
                // Exited while being read.
            }
        }

        var found = new List<int>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var child in children.GetValueOrDefault(next) ?? [])
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }

        return found;
    }

    private static async Task SignalGroupAsync(string signal, int pid)
    {
        // "-<pid>" reaches the whole group (node's workers, sh children); the pid alone when it is no group leader.
        if (!await KillAsync(signal, ["-" + pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await KillAsync(signal, [pid.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    private static async Task SignalAsync(string signal, List<int> pids)
    {
        if (pids.Count > 0)
        {
            await KillAsync(signal, pids.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        }
    }

    // kill(1) rather than P/Invoke: no unsafe code, and one call signals many processes.
    private static async Task<bool> KillAsync(string signal, IEnumerable<string> targets)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, "--", .. targets])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        if (kill is null)
        {
            return false;
        }

        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
