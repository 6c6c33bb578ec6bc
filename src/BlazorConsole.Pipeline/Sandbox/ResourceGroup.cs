using System.Globalization;

namespace BlazorConsole.Pipeline.Sandbox;

/// <summary>
/// One build's or release's cgroup: memory, pids and CPU limits on cgroup v1 (<c>/sys/fs/cgroup/&lt;controller&gt;</c>)
/// or v2 (the unified hierarchy, under the console's own group) when the console may write there. Where it may not
/// (read-only container, no delegation) each limit is skipped with a line in the log, never an error: the build still
/// runs, with its timeout. Processes join it through <see cref="ProcsFiles"/> before they start the sandbox, so no
/// child escapes the limits by forking early.
/// </summary>
public sealed class ResourceGroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private const string Parent = "blazorconsole";
    private readonly List<string> directories;
    private readonly SandboxLimits limits;
    private readonly bool unified;
    private long seenOomKills;
    private long seenForkFailures;

    private ResourceGroup(List<string> directories, SandboxLimits limits, bool unified)
    {
        this.directories = directories;
        this.limits = limits;
        this.unified = unified;
    }

    /// <summary>The <c>cgroup.procs</c> files a process writes its pid into to join every controller of this group.</summary>
    public IReadOnlyList<string> ProcsFiles => directories.Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    /// <summary>Creates the group with the limits that can be applied here; null when none can (or none are wanted).</summary>
    public static ResourceGroup? TryCreate(string name, SandboxLimits limits, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(log);
        if (!limits.Any || !Directory.Exists(Root))
        {
            if (limits.Any)
            {
                log("Resource limits skipped: this machine has no cgroup file system.");
            }

            return null;
        }

        return File.Exists(Path.Combine(Root, "cgroup.controllers"))
            ? CreateUnified(name, limits, log)
            : CreateV1(name, limits, log);
    }

    /// <summary>
    /// Why the group's processes failed when a limit did it since the last call ("ran out of memory (limit 256 MiB)…"),
    /// else null.
    /// </summary>
    public string? LimitReached()
    {
        var reasons = new List<string>();
        var kills = limits.MemoryMb > 0 ? OomKills() : 0;
        var forks = limits.MaxProcesses > 0 ? EventCount("pids", "pids.events", "max") : 0;
        var newKills = kills > seenOomKills;
        var newForks = forks > seenForkFailures;
        seenOomKills = Math.Max(seenOomKills, kills);
        seenForkFailures = Math.Max(seenForkFailures, forks);
        if (newKills)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"ran out of memory (limit {limits.MemoryMb} MiB): the kernel killed a process"));
        }

        if (newForks)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"reached its limit of {limits.MaxProcesses} processes and threads: a fork failed"));
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <summary>Kills whatever still runs in the group (a daemon a build left behind), then removes the group.</summary>
    public void Dispose()
    {
        for (var attempt = 0; attempt < 50 && KillMembers(); attempt++)
        {
            Thread.Sleep(20);
        }

        foreach (var directory in directories)
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A group that still holds a dying process cannot be removed yet; empty groups are harmless.
            }
        }
    }

    private bool KillMembers()
    {
        var any = false;
        foreach (var procs in ProcsFiles)
        {
            foreach (var pid in ReadPids(procs))
            {
                any = true;
                // False when it is already gone.
                _ = Processes.ProcessSignals.Send(pid, Processes.ProcessSignal.Kill);
            }
        }

        return any;
    }

    private static List<int> ReadPids(string procs)
    {
        try
        {
            return File.ReadAllLines(procs)
                .Select(l => int.TryParse(l, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(pid => pid > 1) // init is never one of ours
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private long OomKills()
    {
        if (unified)
        {
            return EventCount("memory", "memory.events", "oom_kill");
        }

        // Older v1 kernels have no oom_kill counter: a failed charge is then the best evidence.
        var kills = EventCount("memory", "memory.oom_control", "oom_kill");
        return kills >= 0 ? kills : FileValue("memory", "memory.failcnt") > 0 ? 1 : 0;
    }

    private long EventCount(string controller, string file, string key)
    {
        var path = ControllerFile(controller, file);
        if (path is null || !File.Exists(path))
        {
            return -1;
        }

        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return -1;
    }

    private long FileValue(string controller, string file)
    {
        var path = ControllerFile(controller, file);
        try
        {
            return path is not null && File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var value) ? value : -1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private string? ControllerFile(string controller, string file) => unified
        ? Path.Combine(directories[0], file)
        : directories.FirstOrDefault(d => d.StartsWith(Path.Combine(Root, controller) + "/", StringComparison.Ordinal)) is { } directory
            ? Path.Combine(directory, file)
            : null;

    private static ResourceGroup? CreateV1(string name, SandboxLimits limits, Action<string> log)
    {
        var wanted = new List<(string Controller, (string File, string Value)[] Settings, string Shown)>();
        if (limits.MemoryMb > 0)
        {
            var bytes = (limits.MemoryMb * 1024L * 1024L).ToString(CultureInfo.InvariantCulture);
            // Swap counts too where the kernel accounts it, so a build cannot outgrow its limit by swapping.
            wanted.Add(("memory", [("memory.limit_in_bytes", bytes), ("memory.memsw.limit_in_bytes?", bytes)], $"memory {limits.MemoryMb} MiB"));
        }

        if (limits.MaxProcesses > 0)
        {
            wanted.Add(("pids", [("pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture))], $"{limits.MaxProcesses} processes"));
        }

        if (limits.Cpus > 0)
        {
            const int period = 100_000;
            var quota = ((long)Math.Ceiling(limits.Cpus * period)).ToString(CultureInfo.InvariantCulture);
            wanted.Add(("cpu", [("cpu.cfs_period_us", period.ToString(CultureInfo.InvariantCulture)), ("cpu.cfs_quota_us", quota)],
                string.Create(CultureInfo.InvariantCulture, $"{limits.Cpus:0.##} CPUs")));
        }

        var created = new List<string>();
        var applied = new List<string>();
        foreach (var (controller, settings, shown) in wanted)
        {
            var directory = Path.Combine(Root, controller, Parent, name);
            try
            {
                Directory.CreateDirectory(directory);
                created.Add(directory);
                foreach (var (file, value) in settings)
                {
                    var optional = file.EndsWith('?');
                    var path = Path.Combine(directory, file.TrimEnd('?'));
                    if (!optional || File.Exists(path))
                    {
                        File.WriteAllText(path, value);
                    }
                }

                applied.Add(shown);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log($"Resource limit skipped ({shown}): cgroup v1 {controller} is not writable here ({ex.Message}).");
            }
        }

        if (applied.Count > 0)
        {
            log($"Limits: {string.Join(", ", applied)} (cgroup v1).");
        }

        return created.Count == 0 ? null : new ResourceGroup(created, limits, unified: false);
    }

    private static ResourceGroup? CreateUnified(string name, SandboxLimits limits, Action<string> log)
    {
        // Under the console's own group: that is the part of the tree a delegating service manager lets it write.
        var own = OwnUnifiedGroup();
        var parent = Path.Combine(Root + own, Parent);
        var directory = Path.Combine(parent, name);
        try
        {
            // Controllers must be enabled on the way down; where the service manager did not delegate them this fails
            // and the limits are skipped (the console's own group holds processes, so only a delegated subtree works).
            Directory.CreateDirectory(parent);
            EnableControllers(Root + own);
            EnableControllers(parent);
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(directory);
            log($"Resource limits skipped: the cgroup v2 tree is not writable here ({ex.Message}).");
            return null;
        }

        var applied = new List<string>();
        void Apply(string file, string value, string shown)
        {
            try
            {
                File.WriteAllText(Path.Combine(directory, file), value);
                applied.Add(shown);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log($"Resource limit skipped ({shown}): {file} is not writable here ({ex.Message}).");
            }
        }

        if (limits.MemoryMb > 0)
        {
            var bytes = (limits.MemoryMb * 1024L * 1024L).ToString(CultureInfo.InvariantCulture);
            Apply("memory.max", bytes, $"memory {limits.MemoryMb} MiB");
            Apply("memory.swap.max", "0", "no swap");
        }

        if (limits.MaxProcesses > 0)
        {
            Apply("pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture), $"{limits.MaxProcesses} processes");
        }

        if (limits.Cpus > 0)
        {
            const int period = 100_000;
            Apply("cpu.max", string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Ceiling(limits.Cpus * period)} {period}"),
                string.Create(CultureInfo.InvariantCulture, $"{limits.Cpus:0.##} CPUs"));
        }

        if (applied.Count > 0)
        {
            log($"Limits: {string.Join(", ", applied)} (cgroup v2).");
        }

        return new ResourceGroup([directory], limits, unified: true);
    }

    private static readonly string[] UnifiedControllers = ["memory", "pids", "cpu"];

    private static void EnableControllers(string group)
    {
        var enabled = File.ReadAllText(Path.Combine(group, "cgroup.subtree_control")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var missing = UnifiedControllers.Where(c => !enabled.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            File.WriteAllText(Path.Combine(group, "cgroup.subtree_control"), string.Join(' ', missing.Select(c => "+" + c)));
        }
    }

    private static string OwnUnifiedGroup()
    {
        try
        {
            var line = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
            return line is null ? "" : line[3..].TrimEnd('/');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
